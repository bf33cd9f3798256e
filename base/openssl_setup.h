// OpenSSL 3.0 set-up for kapi's own processes, and P-256 keys read without OpenSSL 3.0's
// provider decoders, which rebuild a decoder chain (~3 M instructions) for every key they read,
// including the public key inside every certificate parsed: three times for a client to read its
// kubeconfig, once more per handshake on each side. OpenSSL 1.1.1 read the same keys with its
// built-in EC code in a few thousand.
#pragma once

#include <openssl/evp.h>

#include <string_view>

namespace kapi::base {

// Once per process, before its first use of OpenSSL: what kapi's own programs (kapi's and
// kapi-bench's main) ask of OpenSSL; never the library behind include/kapi/, whose host may use
// OpenSSL its own way.
// - No configuration file is read unless OPENSSL_CONF names one: Debian's holds nothing for
//   TLS, kapi sets its own TLS versions, and parsing it is ~0.6 ms of every start.
// - The legacy name table of ciphers and digests (EVP_get_cipherbyname, EVP_get_digestbyname)
//   holds the SHA digests only (the built-in EC code signs and verifies through it): OpenSSL 3.0
//   copies every name in that table into the name map its first fetch builds, ~2.2M
//   instructions that every TLS context and key made waits for. Everything else is fetched by
//   its provider name. Reading an encrypted PEM key needs the ciphers' names, and fails.
// - Certificates' EC public keys are decoded, and EC keys not made by a provider are used,
//   through OpenSSL's built-in EC methods (registered as the EC method of an in-process ENGINE;
//   the code that signs and verifies is the same nistz256 code the default provider runs).
//   Other key types are untouched. EC keys made by name then go through the built-in code too,
//   which knows curves by their ASN.1 names only: EVP_EC_gen("P-256") fails, "prime256v1" works.
void set_up_openssl_for_own_process();

// The EC private key in `pem` ("PRIVATE KEY" holding an EC key on a named curve, or "EC PRIVATE
// KEY"), read without the provider decoders; nullptr for anything else (another key type, an
// encrypted key, malformed input): the caller then reads it the general way.
EVP_PKEY* read_ec_private_key_pem(std::string_view pem);

}  // namespace kapi::base
