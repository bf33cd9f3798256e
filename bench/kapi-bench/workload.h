// What the benchmark writes: labelled objects (configmaps or pods) in a namespace of its own (or
// one given), carrying the writer's sequence number and send time in annotations, and their
// removal at the end. Plain core/v1 objects: any API server accepts them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "bench/kapi-bench/body_template.h"
#include "bench/kapi-bench/target.h"

namespace kapi::bench {

inline constexpr std::string_view kRunLabel = "kapi-bench/run";
inline constexpr std::string_view kSeqAnnotation = "kapi-bench/seq";
inline constexpr std::string_view kSentAnnotation = "kapi-bench/sent-unix-nano";

struct WorkloadOptions {
  std::string resource = "configmaps";  // or "pods"
  std::string ns;                       // "": create kapi-bench-<run id> and delete it at the end
  size_t object_size = 512;             // approximate bytes of JSON sent per object
};

class Workload {
 public:
  // Creates the namespace when it is ours; the error says which call failed.
  static std::variant<Workload, std::string> prepare(const Target& target, const WorkloadOptions& options);
  // Deletes every object with this run's label, then the namespace if it is ours. Best effort:
  // returns what failed, "" when all went well.
  std::string cleanup() const;

  const std::string& ns() const { return ns_; }
  const std::string& run_id() const { return run_id_; }
  const WorkloadOptions& options() const { return options_; }
  bool own_namespace() const { return own_namespace_; }
  // "/api/v1/namespaces/<ns>/<resource>"
  std::string collection_path() const;
  // The label selector query value of this run's objects ("kapi-bench/run=<id>", escaped).
  std::string selector_query() const;
  // What lists and watches add to pick this run's objects: nothing in our own namespace (a
  // selector would make the server read every object), "&labelSelector=..." in a shared one.
  std::string selector_param() const;

  std::string object_body(const std::string& name, uint64_t seq, int64_t sent_unix_nano) const;
  std::string patch_body(uint64_t seq, int64_t sent_unix_nano) const;
  // The revision to start watches from: that of a list of this run's objects; "" and `error`
  // set when the list fails.
  std::string current_revision(std::string& error) const;

 private:
  const Target* target_ = nullptr;
  WorkloadOptions options_;
  std::string ns_, run_id_;
  bool own_namespace_ = false;
  std::string padding_;
  BodyTemplate object_template_;  // object_body(), made once
};

int64_t unix_nanos_now();

}  // namespace kapi::bench
