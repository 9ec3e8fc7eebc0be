// The command line's shared conventions: range checks for numeric options that name the option
// and the accepted range, help text wrapped to the terminal, and the one-line usage error
// ("fusetrack: --imu-rate: must be in [0.1, 100000] Hz (got 0); see fusetrack run --help").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

namespace fusetrack::cli {

// A check for a floating-point option: a finite decimal number in [min, max], or in (min, max]
// with `min_open`. Its error reads "must be in (0, 100] (got 0)", with ` unit` after the range
// when given ("Hz"). NaN, infinity and trailing text are refused.
CLI::Validator number_in(double min, double max, bool min_open = false,
                         const std::string& unit = "");

// A check for an integer option: decimal digits (no sign, so a negative number is refused, not
// wrapped around) whose value is in [min, max].
CLI::Validator integer_in(std::uint64_t min, std::uint64_t max);

// The help formatter of every command: descriptions wrapped to `width` columns, options'
// descriptions to the room right of the option column. A '\n' in a description is a paragraph
// break; every other line break comes from the wrapping.
std::shared_ptr<CLI::Formatter> wrapping_formatter(std::size_t width);

// The width help text wraps to: the terminal's columns when stdout is one, else $COLUMNS, else
// 80; never below 60 nor above 120.
std::size_t help_width();

// The one line a usage error prints (without the final newline): "fusetrack: [SUBCOMMAND: ]WHAT;
// see fusetrack [SUBCOMMAND] --help", WHAT made printable (no control characters). An unknown or
// missing subcommand is named as such.
std::string usage_error_line(const CLI::App& app, const CLI::ParseError& e);

// The default of --data for dataset NAME: $FUSETRACK_DATASETS/NAME when that variable is set,
// else ../shared/datasets/NAME from the working directory (a checkout's root next to shared/);
// NAME empty gives the datasets folder itself. Never a path of the machine that built the command.
std::string default_dataset_dir(const char* name);

}  // namespace fusetrack::cli
