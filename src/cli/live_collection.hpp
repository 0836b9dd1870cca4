#pragma once

// Private to cli: `gdapcheck tenant` without --snapshot. Signs in from the token cache, reads
// Graph through the collector with a concurrent transport, draws progress on a terminal, and
// hands back the snapshot (or ends the run: sign-in failure exit 3, unknown customer exit 2).

#include "commands.hpp"

#include "gdapcheck/auth/accounts.hpp"
#include "gdapcheck/auth/client_credentials.hpp"
#include "gdapcheck/model/snapshot.hpp"
#include "gdapcheck/model/time.hpp"
#include "gdapcheck/rules/profile.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gdap::cli {

struct LiveOptions {
  std::vector<std::string> customers;
  std::size_t concurrency = 0;       // 0: the client's default
  std::string app;                   // the integration's app registration: id or display name
  model::UnixTime collected_at = 0;  // when the run started, stamped into the snapshot
  // The evaluation time: the collector reads what the rules will need at that time (the
  // assignments of the relationships active then).
  model::UnixTime evaluation_time = 0;
  auth::AccountChoice account;  // which cached account signs in (default: the active one)
  // App-only: the credential from --client-secret-stdin (else the environment's, if any).
  std::optional<auth::ClientCredential> credential;
  std::string user;  // --user: the partner account whose GDAP path is checked
};

model::Snapshot collect_live(Context& context, const LiveOptions& options,
                             const rules::Profile& profile);

// "gdapcheck: 120/500 customers, 1.2 s elapsed, about 3 s left" (no ETA before the first one).
std::string progress_line(std::size_t done, std::size_t total, std::chrono::milliseconds elapsed);

}  // namespace gdap::cli
