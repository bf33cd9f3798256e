#include "bench/kapi-bench/plot.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace kapi::bench {

std::string plot_timeline(const json& timeline, const std::string& png_path, const std::string& title) {
  namespace fs = std::filesystem;
  auto data_path = fs::temp_directory_path() / ("kapi-bench-plot-" + std::to_string(::getpid()) + ".dat");
  {
    std::ofstream data(data_path);
    // Seconds without events have no latency: '?' keeps them off the log scale.
    auto ms = [](const json& v) { return v.get<double>() > 0 ? v.dump() : std::string("?"); };
    for (const auto& row : timeline)
      data << row["second"] << ' ' << row["written"] << ' ' << row["delivered"] << ' ' << ms(row["p50_ms"]) << ' '
           << ms(row["p90_ms"]) << ' ' << ms(row["p99_ms"]) << ' ' << ms(row["max_ms"]) << ' '
           << ms(row["after_ack_p99_ms"]) << '\n';
  }
  std::string d = data_path.string();
  std::string script =
      "set terminal pngcairo size 900,700 font 'sans,9'\n"
      "set output '" + png_path + "'\n"
      "set multiplot layout 2,1 title '" + title + "'\n"
      "set datafile missing '?'\nset grid\nset key top left\nset xlabel 'seconds'\n"
      "set ylabel 'event latency (ms)'\nset logscale y\n"
      "plot '" + d + "' using 1:4 with linespoints title 'p50 from send', '' using 1:5 with linespoints title 'p90 from send', "
      "'' using 1:6 with linespoints title 'p99 from send', '' using 1:7 with lines title 'max from send', "
      "'' using 1:8 with linespoints title 'p99 after the write is acknowledged'\n"
      "unset logscale y\nset ylabel 'events delivered/s'\nset format y '%.1s%c'\nset ytics nomirror\n"
      "set y2label 'writes acknowledged/s'\nset y2tics\nset format y2 '%.1s%c'\n"
      "plot '" + d + "' using 1:3 with linespoints title 'events delivered (all watches, left)', "
      "'' using 1:2 axes x1y2 with linespoints title 'writes acknowledged (right)'\n"
      "unset multiplot\n";
  FILE* gnuplot = ::popen("gnuplot 2>&1", "w");
  if (gnuplot == nullptr) return "cannot run gnuplot (Debian package gnuplot-nox)";
  std::fputs(script.c_str(), gnuplot);
  int status = ::pclose(gnuplot);
  std::error_code ec;
  fs::remove(data_path, ec);
  if (status != 0) return "gnuplot failed (exit " + std::to_string(WEXITSTATUS(status)) + "); is gnuplot-nox installed?";
  return "";
}

}  // namespace kapi::bench
