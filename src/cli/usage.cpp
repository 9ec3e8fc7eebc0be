#include "cli/usage.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string_view>
#include <vector>

#include "io/csv.hpp"

namespace fusetrack::cli {
namespace {

// "%g" of a range bound: "0.1", "100000", "1e+06".
std::string bound_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_text(double min, double max, bool min_open, const std::string& unit) {
  return std::string(min_open ? "(" : "[") + bound_text(min) + ", " + bound_text(max) + "]" +
         (unit.empty() ? "" : " " + unit);
}

// What the user typed, for a message: quoted and printable when it is not a plain number.
std::string got_text(const std::string& input) { return io::quoted(input); }

// Greedy word wrap of one paragraph (no '\n') to `width` columns; a word longer than the width
// gets a line of its own.
void wrap_paragraph(std::string_view text, std::size_t width, std::string& out) {
  std::size_t line = 0;
  std::size_t i = 0;
  bool first = true;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i == start) break;
    const std::string_view word = text.substr(start, i - start);
    if (!first && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (!first) {
      out += ' ';
      ++line;
    }
    out.append(word);
    line += word.size();
    first = false;
  }
}

// `text` wrapped to `width`, its '\n' kept as paragraph breaks.
std::string wrap(std::string_view text, std::size_t width) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t nl = text.find('\n', start);
    wrap_paragraph(text.substr(start, nl == std::string_view::npos ? nl : nl - start), width, out);
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

// The first sentence of a description: for the list of subcommands.
std::string first_sentence(const std::string& text) {
  const std::size_t dot = text.find(". ");
  const std::size_t nl = text.find('\n');
  const std::size_t end = std::min(dot == std::string::npos ? text.size() : dot + 1, nl);
  return text.substr(0, end);
}

class WrappingFormatter : public CLI::Formatter {
 public:
  // The option column takes 2/5 of a narrow terminal, at most 32 columns.
  explicit WrappingFormatter(std::size_t width) : width_(width) {
    column_width(std::clamp<std::size_t>(width * 2 / 5, 20, 32));
  }

  std::string make_description(const CLI::App* app) const override {
    const std::string d = CLI::Formatter::make_description(app);
    if (d.empty()) return d;
    return wrap(std::string_view(d).substr(0, d.size() - 1), width_) + "\n\n";
  }
  std::string make_option_desc(const CLI::Option* opt) const override {
    return wrap(opt->get_description(), room());
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true),
                             wrap(first_sentence(sub->get_description()), room()),
                             get_column_width());
    return out.str();
  }

 private:
  // Columns right of the option names.
  std::size_t room() const { return width_ - get_column_width(); }
  std::size_t width_;
};

// The deepest subcommand the parser entered (the app itself when none).
const CLI::App* deepest(const CLI::App& app) {
  const CLI::App* at = &app;
  for (;;) {
    const std::vector<CLI::App*> subs = at->get_subcommands();
    if (subs.empty()) return at;
    at = subs.front();
  }
}

// "fusetrack eval orientation" for that subcommand.
std::string command_path(const CLI::App* at) {
  std::vector<std::string> names;
  for (; at != nullptr; at = at->get_parent()) names.push_back(at->get_name());
  std::string path;
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    if (!path.empty()) path += ' ';
    path += *it;
  }
  return path;
}

std::string subcommand_names(const CLI::App* at) {
  std::string names;
  for (const CLI::App* sub : at->get_subcommands({})) {
    if (!names.empty()) names += ", ";
    names += sub->get_name();
  }
  return names;
}

}  // namespace

CLI::Validator number_in(double min, double max, bool min_open, const std::string& unit) {
  const std::string range = range_text(min, max, min_open, unit);
  return CLI::Validator(
      [=](std::string& input) -> std::string {
        double v = 0.0;
        if (io::try_parse_double(input, v) != io::NumberStatus::kOk) {
          return "must be a number in " + range + " (got " + got_text(input) + ")";
        }
        if (v < min || (min_open && v == min) || v > max) {
          return "must be in " + range + " (got " + io::printable(input) + ")";
        }
        return std::string();
      },
      "");
}

CLI::Validator integer_in(std::uint64_t min, std::uint64_t max) {
  const std::string range = "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  return CLI::Validator(
      [=](std::string& input) -> std::string {
        std::uint64_t v = 0;
        const char* first = input.data();
        const char* last = first + input.size();
        const auto [ptr, ec] = std::from_chars(first, last, v, 10);
        if (input.empty() || ptr != last || ec == std::errc::invalid_argument) {
          return std::string("must be an integer in ") + range +
                 (!input.empty() && input.front() == '-' ? ", not negative" : "") + " (got " +
                 got_text(input) + ")";
        }
        if (ec == std::errc::result_out_of_range || v < min || v > max) {
          return "must be in " + range + " (got " + io::printable(input) + ")";
        }
        return std::string();
      },
      "");
}

std::shared_ptr<CLI::Formatter> wrapping_formatter(std::size_t width) {
  return std::make_shared<WrappingFormatter>(width);
}

std::size_t help_width() {
  std::size_t width = 80;
  winsize ws{};
  if (::isatty(STDOUT_FILENO) != 0 && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col > 0) {
    width = ws.ws_col;
  } else if (const char* columns = std::getenv("COLUMNS")) {
    const long c = std::strtol(columns, nullptr, 10);
    if (c > 0) width = static_cast<std::size_t>(c);
  }
  return std::clamp<std::size_t>(width, 60, 120);
}

std::string usage_error_line(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* at = deepest(app);
  std::string what = e.what();
  if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
      at->get_require_subcommand_min() > 0 && at->get_subcommands().empty()) {
    const std::vector<std::string> rest = at->remaining();
    const std::string of = at == &app ? "" : " of " + at->get_name();
    what = rest.empty() ? "a command is required (" + subcommand_names(at) + ")"
                        : "unknown command " + io::quoted(rest.front()) + of +
                              " (commands: " + subcommand_names(at) + ")";
  } else if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr && !app.remaining(true).empty()) {
    const std::vector<std::string> rest = app.remaining(true);
    what = rest.size() == 1 ? "unexpected argument " : "unexpected arguments ";
    for (std::size_t i = 0; i < rest.size(); ++i) what += (i > 0 ? " " : "") + io::quoted(rest[i]);
  }
  return "fusetrack: " + io::printable(what) + "; see " + command_path(at) + " --help";
}

std::string default_dataset_dir(const char* name) {
  const char* env = std::getenv("FUSETRACK_DATASETS");
  const std::filesystem::path root =
      env != nullptr && *env != '\0' ? std::filesystem::path(env) : "../shared/datasets";
  return (root / name).lexically_normal().string();
}

}  // namespace fusetrack::cli
