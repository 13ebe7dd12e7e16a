#ifndef BCOS_CLIBPQ_SHIM_H
#define BCOS_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
