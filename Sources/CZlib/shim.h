#include <zlib.h>

/* deflateInit2 is a macro in zlib.h; Swift cannot call macros, so a function wraps it. */
static inline int czlib_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

/* The same for inflateInit2, reading gzip (windowBits 15 + 16): tests decode what we send. */
static inline int czlib_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}
