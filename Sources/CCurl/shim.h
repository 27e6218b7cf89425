// libcurl from Debian's libcurl4-openssl-dev.
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot call:
// these typed wrappers pass each argument with the type libcurl expects for the option.
static inline CURLcode speedai_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode speedai_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode speedai_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode speedai_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
typedef size_t (*speedai_curl_data_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode speedai_curl_setopt_callback(CURL *handle, CURLoption option, speedai_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode speedai_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
