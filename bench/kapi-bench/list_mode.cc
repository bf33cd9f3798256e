// kapi-bench list: time to list K objects as JSON and as a Table, whole and in pages.
#include <algorithm>
#include <iostream>

#include "bench/kapi-bench/modes.h"
#include "bench/kapi-bench/proc_stats.h"
#include "bench/kapi-bench/report.h"
#include "client/http_client.h"

namespace kapi::bench {

namespace {

constexpr const char* kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

struct ListRun {
  double seconds = 0;  // requests only: parsing the answers to count items is not timed
  uint64_t items = 0, bytes = 0, pages = 0;
  std::string error;
};

ListRun list_once(client::HttpTransport& transport, const Target& target, const Workload& workload, bool table,
                  int page_size) {
  ListRun run;
  std::string continue_token;
  do {
    std::string query = workload.selector_param();  // "" or "&..."
    if (page_size > 0) query += "&limit=" + std::to_string(page_size);
    if (!continue_token.empty()) query += "&continue=" + client::query_escape(continue_token);
    std::string path = workload.collection_path() + (query.empty() ? "" : "?" + query.substr(1));
    auto request = target.request("GET", path);
    if (table) request.headers.front().second = kTableAccept;
    int64_t start = unix_nanos_now();
    auto answer = call_ok(transport, request);
    run.seconds += static_cast<double>(unix_nanos_now() - start) / 1e9;
    if (answer.index() == 1) {
      run.error = std::get<1>(answer);
      return run;
    }
    const auto& body = std::get<0>(answer).body;
    run.bytes += body.size();
    ++run.pages;
    json list = json::parse(body, nullptr, false);
    const char* items = table ? "rows" : "items";
    if (!list.is_object() || !list.contains(items) || !list[items].is_array()) {
      run.error = "the answer has no " + std::string(items) + " array";
      return run;
    }
    run.items += list[items].size();
    continue_token = list.value("/metadata/continue"_json_pointer, std::string());
  } while (!continue_token.empty());
  return run;
}

}  // namespace

int run_list(const CommonOptions& common, const ListOptions& options) {
  return with_workload(common, [&](const Target& target, const Workload& workload) {
  CreateResult filled = create_objects(target, workload, {.count = options.count, .concurrency = options.concurrency});
  bool ok = filled.failed == 0 && filled.created == static_cast<uint64_t>(options.count);
  json lists = json::object();
  auto transport = target.transport();
  std::string first_error = filled.first_error;
  for (bool table : {false, true}) {
    for (int page_size : {0, options.page_size}) {
      std::vector<double> ms;
      ListRun last;
      for (int i = 0; i < std::max(1, options.repeat); ++i) {
        last = list_once(*transport, target, workload, table, page_size);
        if (!last.error.empty() || last.items != filled.created) {
          ok = false;
          if (first_error.empty())
            first_error = last.error.empty() ? "listed " + std::to_string(last.items) + " of " +
                                                   std::to_string(filled.created) + " objects"
                                             : last.error;
          break;
        }
        ms.push_back(last.seconds * 1e3);
      }
      std::string name = std::string(table ? "table" : "json") + (page_size > 0 ? "_paged" : "");
      lists[name] = {{"median_ms", round_to(median(ms), 2)},
                     {"min_ms", ms.empty() ? 0 : round_to(*std::min_element(ms.begin(), ms.end()), 2)},
                     {"runs", ms.size()},
                     {"pages", last.pages},
                     {"bytes", last.bytes},
                     {"limit", page_size}};
    }
  }
  std::string cleanup_error = workload.cleanup();
  json summary = {{"mode", "list"},
                  {"server", target.config().server},
                  {"resource", common.workload.resource},
                  {"objects", filled.created},
                  {"object_size_bytes", common.workload.object_size},
                  {"lists", lists},
                  {"note", "client-side time from request sent to whole answer read, over one kept-alive connection"},
                  {"load_average_1m", round_to(load_average_1m(), 2)},
                  {"first_error", first_error},
                  {"cleanup_error", cleanup_error}};
  print_summary(summary, common.json);
  return ok ? 0 : 1;
  });
}

}  // namespace kapi::bench
