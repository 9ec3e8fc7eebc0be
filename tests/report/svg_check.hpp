// A small well-formedness check for the SVG the timeline writer makes: every tag closed in order,
// no raw '<' or '&' in text, and the document one <svg> element.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fusetrack::testing {

// Empty when `doc` is well formed in the sense above, else what is wrong and where.
inline std::string svg_problem(std::string_view doc) {
  if (doc.substr(0, 4) != "<svg") return "does not start with <svg";
  std::vector<std::string> open;
  std::size_t i = 0;
  bool closed_root = false;
  while (i < doc.size()) {
    const char c = doc[i];
    if (c == '&') {
      const std::size_t semi = doc.find(';', i);
      const std::string_view entity =
          doc.substr(i, semi == std::string_view::npos ? 1 : semi - i + 1);
      if (entity != "&amp;" && entity != "&lt;" && entity != "&gt;" && entity != "&quot;" &&
          entity != "&apos;") {
        return "bad entity at " + std::to_string(i);
      }
      i += entity.size();
      continue;
    }
    if (c != '<') {
      if (closed_root && c != '\n' && c != ' ')
        return "content after </svg> at " + std::to_string(i);
      ++i;
      continue;
    }
    const std::size_t end = doc.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag at " + std::to_string(i);
    const std::string_view tag = doc.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string_view::npos) return "'<' inside a tag at " + std::to_string(i);
    if (closed_root) return "element after </svg> at " + std::to_string(i);
    if (!tag.empty() && tag.front() == '/') {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : open.back()) +
               " at " + std::to_string(i);
      }
      open.pop_back();
      if (open.empty()) closed_root = true;
    } else if (!tag.empty() && tag.back() == '/') {
      if (open.empty()) return "self-closed root at " + std::to_string(i);
    } else {
      const std::size_t name_end = tag.find_first_of(" \n\t");
      open.emplace_back(tag.substr(0, name_end));
    }
    i = end + 1;
  }
  if (!open.empty()) return "<" + open.back() + "> not closed";
  if (!closed_root) return "no </svg>";
  return {};
}

}  // namespace fusetrack::testing
