import Foundation
import XCTest
@testable import Outbound

final class OutboundValuesTests: XCTestCase {
    func testDefaults() {
        let request = OutboundRequest(url: "https://example.org/")
        XCTAssertEqual(request.method, "GET")
        XCTAssertEqual(request.timeout, .seconds(30))
        XCTAssertEqual(request.connectTimeout, .seconds(10))
        XCTAssertEqual(request.maxResponseBytes, 1_048_576)
    }

    func testTimeoutsNeverBecomeCurlsZeroMeaningForever() {
        XCTAssertEqual(Duration.zero.curlMilliseconds, 1)
        XCTAssertEqual(Duration.seconds(-3).curlMilliseconds, 1)
        XCTAssertEqual(Duration.nanoseconds(1).curlMilliseconds, 1)
        XCTAssertEqual(Duration.microseconds(1500).curlMilliseconds, 2)
        XCTAssertEqual(Duration.milliseconds(500).curlMilliseconds, 500)
        XCTAssertEqual(Duration.seconds(30).curlMilliseconds, 30_000)
        XCTAssertEqual(Duration.seconds(1_000_000).curlMilliseconds, 86_400_000)
    }

    func testHeaderLookupIsCaseInsensitive() {
        let response = OutboundResponse(status: 200, headers: [
            OutboundHeader("content-type", "text/plain"),
            OutboundHeader("Set-Cookie", "a=1"),
            OutboundHeader("set-cookie", "b=2"),
        ], body: [0x68, 0x69, 0xFF])
        XCTAssertEqual(response.header("Content-Type"), "text/plain")
        XCTAssertEqual(response.headerValues("SET-COOKIE"), ["a=1", "b=2"])
        XCTAssertEqual(response.bodyText, "hi\u{FFFD}")
    }

    func testErrorDescriptionsAreReadableAndSingleLine() {
        XCTAssertEqual(OutboundError.timedOut.description, "Outbound request timed out")
        XCTAssertEqual(
            OutboundError.protocolNotAllowed("ftp").description,
            #"Outbound request refused: scheme "ftp" is not allowed (only http and https)"#)
        XCTAssertEqual(
            OutboundError.responseTooLarge(limit: 1024).description,
            "Outbound response exceeded the 1024-byte limit and was aborted")
        let hostile = OutboundError.invalidHeader("X\r\nFake-Log-Line").description
        XCTAssertFalse(hostile.contains("\n") || hostile.contains("\r"), hostile)
    }
}

final class CurlWorkerPoolTests: XCTestCase {
    func testThreadsEndAfterShutdown() throws {
        let pool = CurlWorkerPool(name: "pool-test", maxWorkers: 3)
        let done = DispatchSemaphore(value: 0)
        for _ in 0..<6 {
            pool.submit(CurlJob(run: { _ in done.signal() }, fail: { _ in done.signal() }))
        }
        for _ in 0..<6 { XCTAssertEqual(done.wait(timeout: .now() + 5), .success) }
        XCTAssertLessThanOrEqual(pool.threadCount, 3)
        XCTAssertGreaterThan(pool.threadCount, 0)

        pool.shutdown()
        let deadline = Date(timeIntervalSinceNow: 2)
        while pool.threadCount > 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertEqual(pool.threadCount, 0)

        // After shutdown a job fails instead of hanging its continuation.
        let failed = DispatchSemaphore(value: 0)
        pool.submit(CurlJob(run: { _ in XCTFail("ran after shutdown") }, fail: { _ in failed.signal() }))
        XCTAssertEqual(failed.wait(timeout: .now() + 1), .success)
    }
}
