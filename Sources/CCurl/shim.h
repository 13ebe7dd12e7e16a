#ifndef BCOS_CCURL_SHIM_H
#define BCOS_CCURL_SHIM_H
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic C macros/functions that Swift cannot call
// directly; these typed wrappers are the only way the Outbound module talks to them.
static inline CURLcode bcos_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bcos_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bcos_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bcos_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode bcos_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*bcos_curl_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode bcos_curl_setopt_callback(CURL *h, CURLoption o, bcos_curl_data_callback v) { return curl_easy_setopt(h, o, v); }
// CURLOPT_DEBUGFUNCTION has its own signature (the SMTP client reads the server's reply lines there).
typedef int (*bcos_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode bcos_curl_setopt_debug_callback(CURL *h, CURLoption o, bcos_curl_debug_callback v) { return curl_easy_setopt(h, o, v); }
// CURLOPT_OPENSOCKETFUNCTION: libcurl calls it instead of socket(2) with the address it is about
// to connect to, which is where the outbound address policy refuses internal destinations.
static inline CURLcode bcos_curl_setopt_opensocket_callback(CURL *h, CURLoption o, curl_opensocket_callback v) { return curl_easy_setopt(h, o, v); }
// A constant rather than the CURL_SOCKET_BAD macro, whose definition depends on the platform.
static const curl_socket_t bcos_curl_socket_bad = CURL_SOCKET_BAD;
static inline CURLcode bcos_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
#endif
