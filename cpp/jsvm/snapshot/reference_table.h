// The external reference table as a blob records it: one description per
// entry ("libentry.so:_ZN7harness6kHelloE+0", see DescribeAddress in
// vm/init.cc), so that a restore can check entry by entry that every native
// callback the blob names is the one this process has at that index.
//
// Encoding: for each entry, its length (u16, little-endian) then its bytes.
#ifndef JSVM_DESKTOP_REFERENCE_TABLE_H
#define JSVM_DESKTOP_REFERENCE_TABLE_H

#include <cstddef>
#include <string>
#include <vector>

namespace jsvm {

// Appends the encoded table to `out`; false if a description is too long to encode.
bool EncodeReferenceTable(const std::vector<std::string>& names, std::string* out);

// Decodes `count` entries from exactly `size` bytes (any padding included);
// false with `reason` if they do not fit.
bool DecodeReferenceTable(const char* data, size_t size, size_t count, std::vector<std::string>* names,
                          std::string* reason);

// True if the blob's table is the running one; else `reason` names the first difference.
bool SameReferenceTable(const std::vector<std::string>& blob, const std::vector<std::string>& running,
                        std::string* reason);

}  // namespace jsvm

#endif
