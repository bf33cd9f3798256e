// kapi-list-bench [--count N] [--repeat R] [--storage memory|rocksdb] [--page-size P]
// [--only json|table|json-paged|table-paged]: the
// server's share of a list. Creates N pods of ~1 KiB (the shape kapi-bench writes, with
// managedFields) through the registry, then times ResourceHandler::handle for a list as JSON
// and as a Table (what `kubectl get pods` asks for), whole and in pages: no TLS, no socket,
// so the figure is what the handler costs. Prints the median, min and max in milliseconds, and
// the median of the thread's CPU time (steadier than the wall clock on a shared machine).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "apiserver/resource_handler.h"
#include "registry/registry.h"
#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"

namespace {

using namespace kapi;
using Clock = std::chrono::steady_clock;
using registry::json;

constexpr const char* kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io";

// A pod as kapi-bench's list mode writes it: a label, three annotations (the default 512 bytes sent; ~1.7 KiB stored with defaults and managedFields), one
// container, a scheduler nobody serves.
json pod(int i) {
  json meta = {{"name", "kl-" + std::to_string(i)},
               {"labels", {{"kapi-bench/run", "list"}}},
               {"annotations",
                {{"kapi-bench/seq", std::to_string(i)},
                 {"kapi-bench/sent-unix-nano", "1764100000000000000"},
                 {"kapi-bench/pad", std::string(212, 'x')}}}};
  json spec = {{"schedulerName", "kapi-bench-unscheduled"},
               {"containers", json::array({{{"name", "c"}, {"image", "registry.k8s.io/pause:3.10"}}})}};
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", meta}, {"spec", spec}};
}

// GET path?query with `accept`, through the handler; the body's size, or -1 on an error.
long long list_once(const apiserver::ResourceHandler& handler, const std::string& path,
                    const std::string& query, const std::string& accept, std::string* continue_token) {
  apiserver::Request req;
  req.method = "GET";
  req.path = path;
  req.target = path + (query.empty() ? "" : "?" + query);
  req.query = apiserver::parse_query(query);
  req.headers["accept"] = accept;
  auto info = apiserver::parse_request_info(req.method, req.path, req.query);
  auto resp = handler.handle(req, info);
  if (resp.status != 200) {
    std::fprintf(stderr, "list answered %d: %s\n", resp.status, resp.body.substr(0, 300).c_str());
    return -1;
  }
  if (continue_token) {
    auto pos = resp.body.rfind("\"continue\":\"");
    *continue_token = pos == std::string::npos ? "" : resp.body.substr(pos + 12, resp.body.find('"', pos + 12) - pos - 12);
  }
  return static_cast<long long>(resp.body.size());
}

// The continue token as a query value (base64 may carry '+', '/' and '=').
std::string escape(const std::string& value) {
  std::string out;
  for (char ch : value) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.') out += ch;
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
      out += buf;
    }
  }
  return out;
}

// This thread's CPU time in ms: on a shared machine it moves far less than the wall clock.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void report(const char* name, std::vector<double> ms, std::vector<double> cpu, long long bytes) {
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%-12s median %8.2f ms  min %8.2f  max %8.2f  cpu median %8.2f ms  (%lld bytes)\n", name,
              ms[ms.size() / 2], ms.front(), ms.back(), cpu[cpu.size() / 2], bytes);
}

int usage(const char* self) {
  std::fprintf(stderr, "usage: %s [--count N] [--repeat R] [--storage memory|rocksdb] [--page-size P] [--only CASE]\n", self);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int count = 10000, repeat = 5, page_size = 500;
  std::string storage_kind = "rocksdb", only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--count") && i + 1 < argc) count = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--page-size") && i + 1 < argc) page_size = std::max(1, std::atoi(argv[++i]));
    else if (!std::strcmp(argv[i], "--storage") && i + 1 < argc) storage_kind = argv[++i];
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else return usage(argv[0]);
  }
  namespace fs = std::filesystem;
  std::string dir;
  storage::StorePtr store;
  if (storage_kind == "memory") {
    store = storage::make_memory_store();
  } else if (storage_kind == "rocksdb") {
    std::string pattern = (fs::temp_directory_path() / "kapi-list-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return 1;
    dir = pattern;
    storage::RocksStoreOptions options;
    options.path = dir + "/store";
    options.sync = false;  // the setup's creates; a list does not touch the WAL
    auto opened = storage::open_rocksdb_store(options);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.error().message.c_str());
      return 1;
    }
    store = std::move(opened.value());
  } else {
    return usage(argv[0]);
  }
  int rc = 0;
  {
    registry::Registry reg(store);
    registry::register_builtin_resources(reg);
    registry::ensure_system_namespaces(reg);
    const auto* pods = reg.find("", "v1", "pods");
    registry::WriteOptions write;
    write.field_manager = "kapi-bench";
    auto setup = Clock::now();
    for (int i = 0; i < count; ++i) {
      auto created = pods->create("default", pod(i), write);
      if (!created.ok()) {
        std::fprintf(stderr, "create: %s\n", created.error().message.c_str());
        return 1;
      }
    }
    std::printf("created %d pods in %.0f ms (%s)\n", count,
                std::chrono::duration<double, std::milli>(Clock::now() - setup).count(), storage_kind.c_str());

    apiserver::ResourceHandler handler(reg);
    const std::string path = "/api/v1/namespaces/default/pods";
    struct Case {
      const char* name;
      std::string accept;
      bool paged;
    };
    for (const Case& c : {Case{"json", "application/json", false}, Case{"table", kTableAccept, false},
                          Case{"json-paged", "application/json", true}, Case{"table-paged", kTableAccept, true}}) {
      if (!only.empty() && only != c.name) continue;
      std::vector<double> ms, cpu;
      long long bytes = 0;
      for (int r = 0; r < repeat && rc == 0; ++r) {
        auto start = Clock::now();
        double cpu_start = thread_cpu_ms();
        bytes = 0;
        std::string token;
        do {
          std::string query = c.paged ? "limit=" + std::to_string(page_size) : "";
          if (!token.empty()) query += "&continue=" + escape(token);
          long long n = list_once(handler, path, query, c.accept, c.paged ? &token : nullptr);
          if (n < 0) rc = 1;
          bytes += n;
        } while (c.paged && !token.empty() && rc == 0);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        cpu.push_back(thread_cpu_ms() - cpu_start);
      }
      if (rc == 0) report(c.name, ms, cpu, bytes);
    }
  }
  store.reset();
  if (!dir.empty()) fs::remove_all(dir);
  return rc;
}
