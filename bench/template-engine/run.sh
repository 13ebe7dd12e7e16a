#!/usr/bin/env bash
# Builds the template-engine benchmark in release mode and runs it (about 20 s).
# BENCH_SECONDS sets the measuring time per engine and language (default 2).
set -euo pipefail
cd "$(dirname "$0")"
swift build -c release --product TemplateBench
.build/release/TemplateBench
