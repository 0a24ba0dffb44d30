#include "snapshot/reference_table.h"

#include <algorithm>
#include <cstdint>

namespace jsvm {

bool EncodeReferenceTable(const std::vector<std::string>& names, std::string* out) {
  for (const std::string& name : names) {
    if (name.size() > UINT16_MAX) return false;
    out->push_back(static_cast<char>(name.size() & 0xff));
    out->push_back(static_cast<char>(name.size() >> 8));
    out->append(name);
  }
  return true;
}

bool DecodeReferenceTable(const char* data, size_t size, size_t count, std::vector<std::string>* names,
                          std::string* reason) {
  size_t at = 0;
  names->clear();
  for (size_t i = 0; i < count; ++i) {
    if (size - at < 2) {
      *reason = "the external reference table ends inside entry " + std::to_string(i);
      return false;
    }
    size_t length = static_cast<unsigned char>(data[at]) | (static_cast<size_t>(static_cast<unsigned char>(data[at + 1])) << 8);
    at += 2;
    if (size - at < length) {
      *reason = "the external reference table ends inside entry " + std::to_string(i);
      return false;
    }
    names->emplace_back(data + at, length);
    at += length;
  }
  for (; at < size; ++at) {
    if (data[at] != 0) {
      *reason = "unexpected bytes after the external reference table";
      return false;
    }
  }
  return true;
}

bool SameReferenceTable(const std::vector<std::string>& blob, const std::vector<std::string>& running,
                        std::string* reason) {
  size_t common = std::min(blob.size(), running.size());
  for (size_t i = 0; i < common; ++i) {
    if (blob[i] != running[i]) {
      *reason = "made with a different external reference table than the one given to OH_JSVM_Init: entry " +
                std::to_string(i) + " is " + blob[i] + " in the blob but " + running[i] + " in this process";
      return false;
    }
  }
  if (blob.size() == running.size()) return true;
  *reason = "made with a different external reference table than the one given to OH_JSVM_Init: the blob has " +
            std::to_string(blob.size()) + " entries, this process " + std::to_string(running.size()) + " (entry " +
            std::to_string(common) + " is " +
            (blob.size() > common ? blob[common] + " in the blob only" : running[common] + " in this process only") +
            ")";
  return false;
}

}  // namespace jsvm
