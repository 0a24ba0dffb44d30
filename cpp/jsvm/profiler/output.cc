// Output through a user's JSVM_OutputStream (see output.h).
#include "profiler/output.h"

#include <climits>
#include <cstdio>

#include "common/entry.h"

namespace jsvm {

bool UserStream::Write(const char* bytes, size_t size) {
  while (!refused_ && size > 0) {
    const int piece = size > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
    bool accepted = false;
    CppFailure failure;
    GuardUserCode(&failure, [&] { accepted = stream_(bytes, piece, data_); });
    if (failure.failed) LogCppFailure(who_, failure);
    if (!accepted) refused_ = true;
    bytes += piece;
    size -= static_cast<size_t>(piece);
  }
  return !refused_;
}

void UserStream::End() {
  if (refused_) return;
  CppFailure failure;
  GuardUserCode(&failure, [&] { stream_(nullptr, 0, data_); });
  if (failure.failed) LogCppFailure(who_, failure);
}

void AppendJsonString(std::string* out, const char* text) {
  out->push_back('"');
  for (const char* p = text != nullptr ? text : ""; *p != '\0'; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
          out->append(escaped);
        } else {
          out->push_back(static_cast<char>(c));  // UTF-8 passes through
        }
    }
  }
  out->push_back('"');
}

ChunkedWriter& ChunkedWriter::operator<<(const char* text) {
  text_.append(text);
  MaybeFlush();
  return *this;
}

ChunkedWriter& ChunkedWriter::operator<<(const std::string& text) {
  text_.append(text);
  MaybeFlush();
  return *this;
}

ChunkedWriter& ChunkedWriter::operator<<(int64_t value) {
  text_.append(std::to_string(value));
  MaybeFlush();
  return *this;
}

ChunkedWriter& ChunkedWriter::Quoted(const char* text) {
  AppendJsonString(&text_, text);
  MaybeFlush();
  return *this;
}

void ChunkedWriter::MaybeFlush() {
  if (text_.size() >= kChunkSize) Flush();
}

bool ChunkedWriter::Flush() {
  // After a refusal the text is dropped: nothing more reaches the stream.
  if (!text_.empty() && !out_->refused()) out_->Write(text_.data(), text_.size());
  text_.clear();
  return !out_->refused();
}

}  // namespace jsvm
