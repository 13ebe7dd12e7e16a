/* The baseline for delivery throughput: a plain libcurl loop posting N JSON payloads, one after
 * the other on one keep-alive handle, to the same endpoint the worker delivers to.
 * Usage: curl_loop URL PAYLOAD_FILE N */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: curl_loop URL PAYLOAD_FILE N\n"); return 2; }
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror("payload"); return 2; }
    static char body[65536];
    size_t length = fread(body, 1, sizeof body - 1, f);
    fclose(f);
    long n = atol(argv[3]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *h = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, argv[1]);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)length);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    long failures = 0;
    for (long i = 0; i < n; i++) {
        long status = 0;
        if (curl_easy_perform(h) != CURLE_OK) failures++;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200) failures++;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double seconds = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("requests=%ld failures=%ld seconds=%.2f per_second=%.0f\n", n, failures, seconds, n / seconds);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    curl_global_cleanup();
    return failures ? 1 : 0;
}
