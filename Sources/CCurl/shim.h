// libcurl from Debian's libcurl4-openssl-dev.
#include <curl/curl.h>
