#pragma once

// What the collector needs from sign-in, and nothing more: a Graph token for the partner tenant
// and for each customer tenant (through GDAP), what the token says about the signed-in account,
// and the tenant behind a custom domain. The CLI implements it over the token cache and the
// sign-in service; tests implement it with canned tokens. Callbacks may run at once (a cached
// token) or later, inside graph::Client::run().

#include "gdapcheck/result.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gdap::collect {

// A token and what it says about the account it belongs to (best effort: empty when unknown).
struct Token {
  std::shared_ptr<const std::string> bearer;  // secret: sent as a header, never logged
  std::string tenant_id;                      // the tenant it was issued in
  std::string object_id;
  std::string upn;
  std::string display_name;
  // The authentication methods of the sign-in (amr claim); nullopt when the token carries none
  // that can be read (app-only tokens never do; an opaque token cannot be read).
  std::optional<std::vector<std::string>> amr;
  // Issued to an application (client credentials): no user, no /me, no MFA claim.
  bool app_only = false;
};

// Why no token could be had. Holds nothing secret.
struct SignInFailure {
  enum class Kind {
    refused,      // the sign-in service said no for this tenant (an OAuth error: a fact about it)
    unavailable,  // no yes or no: an outage, throttling, a broken connection, an odd answer, or
                  // nothing could be asked (not signed in, an unusable cache or credential)
    cancelled,    // Ctrl-C
  };
  Kind kind = Kind::unavailable;
  std::string error;              // OAuth error, e.g. invalid_grant
  std::vector<long> error_codes;  // AADSTS numbers
  std::string description;        // the first line of error_description, for people only
  std::string trace_id;
  std::string correlation_id;
  int http_status = 0;  // 0 when there was no answer
  std::string reason;   // one line for people: what failed, with the codes and ids
};

using TokenResult = Result<Token, SignInFailure>;
using TokenDone = std::function<void(TokenResult)>;

class TokenSource {
 public:
  TokenSource() = default;
  virtual ~TokenSource() = default;
  TokenSource(const TokenSource&) = delete;
  TokenSource& operator=(const TokenSource&) = delete;
  TokenSource(TokenSource&&) = delete;
  TokenSource& operator=(TokenSource&&) = delete;

  // A Graph token for the signed-in account in its own (the partner's) tenant.
  virtual void partner_token(TokenDone done) = 0;

  // A Graph token for the signed-in account in a customer's tenant.
  virtual void customer_token(const std::string& tenant_id, TokenDone done) = 0;

  // The tenant id behind `domain`, or nullopt when the sign-in service names none.
  virtual void tenant_of_domain(const std::string& domain,
                                std::function<void(std::optional<std::string>)> done) = 0;
};

}  // namespace gdap::collect
