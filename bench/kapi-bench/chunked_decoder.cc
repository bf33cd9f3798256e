#include "bench/kapi-bench/chunked_decoder.h"

namespace kapi::bench {

void ChunkedDecoder::fail(const char* why) {
  state_ = State::kError;
  error_ = why;
}

void ChunkedDecoder::step(char c) {
  switch (state_) {
    case State::kSize: {
      int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (digit >= 0) {
        if (++digits_ > 15) return fail("chunk size too long");
        size_ = size_ * 16 + static_cast<uint64_t>(digit);
      } else if (digits_ == 0) {
        fail("chunk size expected");
      } else if (c == '\r') {
        state_ = State::kSizeLf;
      } else if (c == ';' || c == ' ' || c == '\t') {
        state_ = State::kExtension;  // chunk extensions (and spaces before them) are ignored
      } else {
        fail("bad chunk size");
      }
      return;
    }
    case State::kExtension:
      if (c == '\r') state_ = State::kSizeLf;
      return;
    case State::kSizeLf:
      if (c != '\n') return fail("LF expected after the chunk size");
      digits_ = 0;
      if (size_ == 0) {
        state_ = State::kTrailer;
        trailer_line_empty_ = true;
      } else {
        remaining_ = size_;
        state_ = State::kData;
      }
      size_ = 0;
      return;
    case State::kDataEnd:
      if (c != '\r') return fail("CRLF expected after chunk data");
      state_ = State::kDataEndLf;
      return;
    case State::kDataEndLf:
      if (c != '\n') return fail("CRLF expected after chunk data");
      state_ = State::kSize;
      return;
    case State::kTrailer:  // trailer fields, ended by an empty line
      if (c == '\r') state_ = State::kTrailerLf;
      else trailer_line_empty_ = false;
      return;
    case State::kTrailerLf:
      if (c != '\n') return fail("bad trailer");
      if (trailer_line_empty_) state_ = State::kDone;
      else {
        state_ = State::kTrailer;
        trailer_line_empty_ = true;
      }
      return;
    case State::kData:
    case State::kDone:
    case State::kError:
      return;
  }
}

}  // namespace kapi::bench
