#include "client_assertion.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <memory>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <vector>

namespace gdap::auth {

namespace {

// One-line RAII owners for the OpenSSL objects we touch.
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Certificate = std::unique_ptr<X509, X509Free>;
using PrivateKey = std::unique_ptr<EVP_PKEY, KeyFree>;
using MdContext = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string base64url(const unsigned char* data, std::size_t size) {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((size * 4 + 2) / 3);
  unsigned buffer = 0;
  unsigned bits = 0;
  for (std::size_t i = 0; i < size; ++i) {
    buffer = (buffer << 8U) | data[i];  // NOLINT(cppcoreguidelines-pro-bounds-pointer-arithmetic)
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(k_alphabet.at((buffer >> bits) & 0x3FU));
    }
  }
  if (bits > 0) {
    out.push_back(k_alphabet.at((buffer << (6 - bits)) & 0x3FU));
  }
  return out;
}

std::string base64url(std::string_view text) {
  return base64url(reinterpret_cast<const unsigned char*>(text.data()),  // NOLINT
                   text.size());
}

// Refuse to prompt for a passphrase on the terminal: encrypted keys are reported instead.
extern "C" int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*user*/) {
  return 0;
}

Bio open_file(const std::string& path) {
  return Bio(BIO_new_file(path.c_str(), "r"));
}

std::string random_guid() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return {};
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0FU) | 0x40U);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3FU) | 0x80U);  // RFC 4122 variant
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string guid;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) {
      guid.push_back('-');
    }
    guid.push_back(k_hex.at(bytes.at(i) >> 4U));
    guid.push_back(k_hex.at(bytes.at(i) & 0x0FU));
  }
  return guid;
}

}  // namespace

Result<std::string, AssertionError> make_client_assertion(
    const ClientCertificate& certificate, std::string_view client_id, std::string_view audience,
    std::chrono::system_clock::time_point now) {
  const std::string& cert_path = certificate.certificate_pem_path;
  const std::string& key_path = certificate.private_key_pem_path.empty()
                                    ? certificate.certificate_pem_path
                                    : certificate.private_key_pem_path;
  const Bio cert_file = open_file(cert_path);
  if (!cert_file) {
    return Failure{AssertionError{"cannot read the certificate file " + cert_path}};
  }
  const Certificate cert(PEM_read_bio_X509(cert_file.get(), nullptr, no_passphrase, nullptr));
  if (!cert) {
    return Failure{AssertionError{cert_path + ": no PEM certificate found"}};
  }
  const Bio key_file = open_file(key_path);
  if (!key_file) {
    return Failure{AssertionError{"cannot read the private key file " + key_path}};
  }
  const PrivateKey key(PEM_read_bio_PrivateKey(key_file.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();  // details of PEM parsing failures are noise for the user
  if (!key) {
    return Failure{AssertionError{key_path +
                                  ": no unencrypted PEM private key found (encrypted keys are not "
                                  "supported; decrypt it to a 0600 file)"}};
  }
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return Failure{
        AssertionError{key_path + ": the private key must be RSA (Entra signs with PS256)"}};
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return Failure{
        AssertionError{"the private key does not belong to the certificate " + cert_path}};
  }

  // x5t#S256: base64url of the SHA-256 of the certificate's DER encoding.
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned digest_size = 0;
  if (X509_digest(cert.get(), EVP_sha256(), digest.data(), &digest_size) != 1) {
    return Failure{AssertionError{"cannot compute the certificate thumbprint"}};
  }
  const auto issued = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  const nlohmann::json header = {
      {"alg", "PS256"}, {"typ", "JWT"}, {"x5t#S256", base64url(digest.data(), digest_size)}};
  const nlohmann::json claims = {{"aud", audience},
                                 {"iss", client_id},
                                 {"sub", client_id},
                                 {"jti", random_guid()},
                                 {"nbf", issued.count()},
                                 {"iat", issued.count()},
                                 {"exp", issued.count() + 600}};
  const std::string signing_input = base64url(header.dump()) + "." + base64url(claims.dump());

  const MdContext context(EVP_MD_CTX_new());
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  std::size_t signature_size = 0;
  const bool ready =
      context &&
      EVP_DigestSignInit(context.get(), &key_context, EVP_sha256(), nullptr, key.get()) == 1 &&
      EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) == 1 &&
      EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) == 1 &&
      EVP_DigestSign(context.get(), nullptr, &signature_size,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),  // NOLINT
                     signing_input.size()) == 1;
  std::vector<unsigned char> signature(signature_size);
  if (!ready ||
      EVP_DigestSign(context.get(), signature.data(), &signature_size,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),  // NOLINT
                     signing_input.size()) != 1) {
    ERR_clear_error();
    return Failure{AssertionError{"cannot sign the client assertion with " + key_path}};
  }
  return signing_input + "." + base64url(signature.data(), signature_size);
}

}  // namespace gdap::auth
