// HTTP/1.1 chunked transfer coding, decoded incrementally: the watch pool reads decrypted
// bytes in big blocks straight from TLS and gets the body's data back as views into them,
// without Beast's parser copying every chunk through its buffers.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

namespace kapi::bench {

class ChunkedDecoder {
 public:
  // Feeds raw bytes (any split); `on_data` gets each run of body bytes, in order. Returns false
  // on malformed input (error() says why); done() once the last (empty) chunk was read.
  template <typename OnData>
  bool feed(std::string_view bytes, OnData&& on_data) {
    while (!bytes.empty() && state_ != State::kDone && state_ != State::kError) {
      if (state_ == State::kData) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, bytes.size()));
        on_data(bytes.substr(0, n));
        bytes.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::kDataEnd;
        continue;
      }
      step(bytes.front());
      bytes.remove_prefix(1);
    }
    return state_ != State::kError;
  }
  bool done() const { return state_ == State::kDone; }
  const std::string& error() const { return error_; }

 private:
  enum class State { kSize, kExtension, kSizeLf, kData, kDataEnd, kDataEndLf, kTrailer, kTrailerLf, kDone, kError };
  // One byte of the framing (size line, CRLF after data, trailer).
  void step(char c);
  void fail(const char* why);

  State state_ = State::kSize;
  uint64_t size_ = 0, remaining_ = 0;
  int digits_ = 0;
  bool trailer_line_empty_ = true;
  std::string error_;
};

}  // namespace kapi::bench
