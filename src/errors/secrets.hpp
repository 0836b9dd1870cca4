#pragma once

// Private to errors: credentials in pasted text. One pass over the text.

#include <cstddef>
#include <string>

namespace gdap::errors::detail {

// Replaces every credential in `text` by k_hidden: a JWT, an Entra client secret, a long opaque
// blob such as a refresh token, the value of a credential key (password=, "client_secret":, …)
// and what follows "Bearer" or "Basic". Returns how many were replaced.
std::size_t mask_secrets(std::string& text);

}  // namespace gdap::errors::detail
