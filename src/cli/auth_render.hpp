#pragma once

// Private to cli: how `whoami` and `login` describe an identity. Renderers return strings.

#include "gdapcheck/auth/claims.hpp"
#include "gdapcheck/auth/token_cache.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace gdap::cli {

struct WhoamiView {
  auth::AccountKind kind = auth::AccountKind::delegated;
  std::string authority_host;
  std::string client_id;
  std::string cloud;
  std::string requested_tenant;  // empty: the home tenant
  auth::Identity identity;
  std::chrono::system_clock::time_point now;
};

std::string render_whoami_text(const WhoamiView& view);
std::string render_whoami_json(const WhoamiView& view);

// "2026-11-22T10:00:00Z".
std::string iso_utc(std::chrono::system_clock::time_point time);

}  // namespace gdap::cli
