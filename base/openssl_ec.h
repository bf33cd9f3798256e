// OpenSSL 3.0 and P-256 keys: a way round its provider decoders, which rebuild a decoder chain
// (~3 M instructions) for every key they read, including the public key inside every
// certificate parsed: three times for a client to read its kubeconfig, once more per handshake
// on each side. OpenSSL 1.1.1 read the same keys with its built-in EC code in a few thousand.
#pragma once

#include <openssl/evp.h>

#include <string_view>

namespace kapi::base {

// Once per process, before the first certificate is read: certificates' EC public keys are
// then decoded, and EC keys not made by a provider are used, through OpenSSL's built-in EC
// methods (registered as the EC method of an in-process ENGINE; the code that signs and
// verifies is the same nistz256 code the default provider runs). Other key types are untouched.
// It changes the whole process: EC keys made by name go through the built-in code too, which
// knows curves by their ASN.1 names only (EVP_EC_gen("P-256") then fails; "prime256v1" works).
// So only programs that own their process call it (kapi's and kapi-bench's main), never the
// library behind include/kapi/, whose host may make keys its own way.
void use_builtin_ec_key_methods();

// The EC private key in `pem` ("PRIVATE KEY" holding an EC key on a named curve, or "EC PRIVATE
// KEY"), read without the provider decoders; nullptr for anything else (another key type, an
// encrypted key, malformed input): the caller then reads it the general way.
EVP_PKEY* read_ec_private_key_pem(std::string_view pem);

}  // namespace kapi::base
