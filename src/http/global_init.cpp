#include "gdapcheck/http/global_init.hpp"

#include <curl/curl.h>

namespace gdap::http {

GlobalInit::GlobalInit() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
}

GlobalInit::~GlobalInit() {
  curl_global_cleanup();
}

}  // namespace gdap::http
