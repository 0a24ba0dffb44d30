// Output through a user's JSVM_OutputStream (OH_JSVM_StopCpuProfiler,
// OH_JSVM_TakeHeapSnapshot, OH_JSVM_TakeRawHeapSnapshot, OH_JSVM_TraceStop),
// and the helpers the JSON writers of this folder share.
#ifndef JSVM_DESKTOP_PROFILER_OUTPUT_H
#define JSVM_DESKTOP_PROFILER_OUTPUT_H

#include <cstddef>
#include <string>

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

// The user's stream. Once it has returned false (or thrown a C++ exception,
// which is logged through HiLog and counts as a refusal), nothing more is
// written to it.
class UserStream {
 public:
  UserStream(JSVM_OutputStream stream, void* data, const char* who) : stream_(stream), data_(data), who_(who) {}
  // Passes `size` bytes on, in pieces of at most INT_MAX (the stream takes an
  // int). Returns false once the stream has refused.
  bool Write(const char* bytes, size_t size);
  // The end of the data, when all of it was taken: one call with data NULL and
  // size 0 (the docs' example closes its file on it). Its answer is ignored.
  void End();
  bool refused() const { return refused_; }

 private:
  JSVM_OutputStream stream_;
  void* data_;
  const char* who_;  // the stream's role, for the HiLog line
  bool refused_ = false;
};

// Text gathered and handed to a UserStream in chunks of about kChunkSize.
class ChunkedWriter {
 public:
  static constexpr size_t kChunkSize = 64 * 1024;
  explicit ChunkedWriter(UserStream* out) : out_(out) { text_.reserve(kChunkSize + 1024); }
  ChunkedWriter& operator<<(const char* text);
  ChunkedWriter& operator<<(const std::string& text);
  ChunkedWriter& operator<<(int64_t value);
  // `text` as a JSON string literal (quotes included).
  ChunkedWriter& Quoted(const char* text);
  // Writes what is gathered; returns false once the stream has refused.
  bool Flush();
  bool refused() const { return out_->refused(); }

 private:
  void MaybeFlush();
  UserStream* out_;
  std::string text_;
};

// Appends `text` to `out` as a JSON string literal (quotes included).
void AppendJsonString(std::string* out, const char* text);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_PROFILER_OUTPUT_H
