// The rancher.io/local-path provisioner (CONTROLLERS.md §4): installs its namespace, ConfigMap and
// default StorageClass, makes a directory and a PV for each claim the PV binder hands it (once the
// scheduler has picked a node under WaitForFirstConsumer), and removes both when a Delete-policy
// volume is released. Upstream runs sig-storage-lib's ProvisionController around
// local-path-provisioner; this is the same loop over kapi's client.
#include <unistd.h>

#include <climits>

#include "client/controller_runner.h"
#include "client/event_recorder.h"
#include "client/informer.h"
#include "controllers/factories.h"
#include "controllers/localpath/install.h"
#include "controllers/localpath/names.h"
#include "controllers/localpath/provision.h"
#include "controllers/localpath/reclaim.h"
#include "controllers/localpath/volume_paths.h"
#include "controllers/shared_informers.h"
#include "registry/object_meta.h"

namespace kapi::controllers {

namespace {

using client::json;
using client::KeyQueue;
using client::ObjectPtr;
namespace resources = client::resources;
using namespace localpath;

constexpr const char* kInstallKey = "defaults";

// sig-storage-lib names its event source "<provisioner>_<hostname>_<uuid>".
std::string event_component() {
  char host[HOST_NAME_MAX + 1] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(kProvisionerName) + "_" + host + "_" + registry::new_uid();
}

// Informer objects may come without kind/apiVersion; an Event's involvedObject needs both.
json with_kind(const json& obj, const char* kind) {
  json copy = obj;
  if (!copy.contains("kind")) copy["kind"] = kind;
  if (!copy.contains("apiVersion")) copy["apiVersion"] = "v1";
  return copy;
}

std::string label(const json& obj, const std::string& key) {
  const json* labels = registry::meta_field(obj, "labels");
  if (!labels || !labels->is_object()) return "";
  auto it = labels->find(key);
  return it != labels->end() && it->is_string() ? it->get<std::string>() : "";
}

class LocalPathController : public Controller {
 public:
  explicit LocalPathController(ControllerContext& context)
      : options_(context.options),
        client_(context.client_for("local-path-provisioner")),
        claims_(context.informers->informer(resources::kPersistentVolumeClaims)),
        volumes_(context.informers->informer(resources::kPersistentVolumes)),
        classes_(context.informers->informer(resources::kStorageClasses)),
        nodes_(context.informers->informer(resources::kNodes)),
        claim_queue_("localpath_claims", context.clock),
        volume_queue_("localpath_volumes", context.clock),
        install_queue_("localpath_install", context.clock),
        recorder_(client_, client::EventSource{event_component(), ""}),
        claim_runner_(claim_queue_, [this](const std::string& key) { return retry_limited(claim_queue_, key, sync_claim(key)); }),
        volume_runner_(volume_queue_, [this](const std::string& key) { return retry_limited(volume_queue_, key, sync_volume(key)); }),
        install_runner_(install_queue_, [this](const std::string&) { return install(); }) {
    auto enqueue_claim = [this](const ObjectPtr& claim) { claim_queue_.add(client::object_key(*claim)); };
    claims_.add_handlers({enqueue_claim, [enqueue_claim](const ObjectPtr&, const ObjectPtr& claim) { enqueue_claim(claim); }, nullptr});

    auto enqueue_volume = [this](const ObjectPtr& volume) { volume_queue_.add(client::object_key(*volume)); };
    volumes_.add_handlers({enqueue_volume,
                           [enqueue_volume](const ObjectPtr&, const ObjectPtr& volume) { enqueue_volume(volume); },
                           // A claim whose PV vanished before binding needs a new one.
                           [this](const ObjectPtr& volume) { enqueue_claim_of(*volume); }});

    // Claims waiting for their class (created later, or changed) get another look.
    auto enqueue_class_claims = [this](const ObjectPtr& storage_class) {
      std::string name = registry::meta_string(*storage_class, "name");
      for (const auto& claim : claims_.cache().list())
        if (claim_class_name(*claim) == name) claim_queue_.add(client::object_key(*claim));
    };
    classes_.add_handlers({enqueue_class_claims,
                           [enqueue_class_claims](const ObjectPtr&, const ObjectPtr& c) { enqueue_class_claims(c); },
                           nullptr});
  }

  void start() override {
    install_queue_.add(kInstallKey);
    install_runner_.start(1);
    claim_runner_.start(options_.workers);
    volume_runner_.start(options_.workers);
  }

  void stop() override {
    claim_runner_.stop();
    volume_runner_.stop();
    install_runner_.stop();
  }

 private:
  // Upstream gives up on an object after kMaxRetries failures (until it changes again).
  static std::optional<std::string> retry_limited(KeyQueue& queue, const std::string& key,
                                                  std::optional<std::string> error) {
    if (error && queue.num_requeues(key) + 1 >= kMaxRetries) return std::nullopt;
    return error;
  }

  void enqueue_claim_of(const json& volume) {
    const json* spec = volume.contains("spec") ? &volume["spec"] : nullptr;
    if (!spec || !spec->contains("claimRef") || !(*spec)["claimRef"].is_object()) return;
    const json& ref = (*spec)["claimRef"];
    claim_queue_.add(client::object_key(ref.value("namespace", ""), ref.value("name", "")));
  }

  std::optional<std::string> install() {
    PathResult root = ensure_root(options_.local_path_root);
    if (!root.ok()) return root.error;
    return install_defaults(*client_, root.path);
  }

  std::optional<std::string> sync_claim(const std::string& key) {
    ObjectPtr cached = claims_.cache().get(key);
    if (!cached || claim_provisioner(*cached) != kProvisionerName) return std::nullopt;
    std::string class_name = claim_class_name(*cached);
    if (class_name.empty()) return std::nullopt;
    ObjectPtr storage_class = classes_.cache().get(class_name);
    // Retried: the class may be (re)created independently of the claim.
    if (!storage_class) return "storageclass.storage.k8s.io \"" + class_name + "\" not found";
    if (!wants_volume(*cached, *storage_class)) return std::nullopt;
    std::string volume_name = volume_name_for(*cached);
    if (volumes_.cache().get(volume_name)) return std::nullopt;
    // The cache may not show a PV this controller made a moment ago yet.
    auto existing = client_->get(resources::kPersistentVolumes, "", volume_name);
    if (existing.ok()) return std::nullopt;
    if (existing.error().code != 404) return existing.error().message;
    return provision(with_kind(*cached, "PersistentVolumeClaim"), *storage_class);
  }

  std::optional<std::string> provision(const json& claim, const json& storage_class) {
    auto failed = [&](const std::string& message) -> std::optional<std::string> {
      recorder_.event(claim, client::kEventTypeWarning, "ProvisioningFailed", message);
      return message;
    };
    if (std::string reason = unprovisionable_reason(claim); !reason.empty()) return failed(reason);

    std::string ns = registry::meta_string(claim, "namespace");
    std::string name = registry::meta_string(claim, "name");
    recorder_.event(claim, client::kEventTypeNormal, "Provisioning",
                    "External provisioner is provisioning volume for claim \"" + ns + "/" + name + "\"");

    std::string node = selected_node(claim);
    if (std::string reason = rejection_reason(claim, node); !reason.empty()) return failed(reason);
    VolumeType type = volume_type(claim, storage_class);
    if (!type.error.empty()) return failed(type.error);

    // The PV's affinity names the node as its label under the affinity key says, as upstream.
    std::string affinity_key = node_affinity_key(storage_class);
    std::string affinity_value = node;
    if (ObjectPtr node_object = nodes_.cache().get(node)) {
      std::string value = label(*node_object, affinity_key);
      if (!value.empty()) affinity_value = value;
    }

    std::string volume_name = volume_name_for(claim);
    PathResult dir = create_volume_dir(options_.local_path_root, volume_dir_name(volume_name, ns, name));
    if (!dir.ok()) return failed(dir.error);

    json volume = build_volume(claim, storage_class, {node, affinity_value, dir.path, type.type});
    auto made = client_->create(resources::kPersistentVolumes, "", volume);
    if (!made.ok() && made.error().code != 409) {
      // A directory without a PV would never be cleaned up: take it back.
      remove_volume_dir(options_.local_path_root, dir.path);
      return failed("Error creating provisioned PV object for claim " + ns + "/" + name + ": " +
                    made.error().message + ". Deleting the volume.");
    }
    recorder_.event(claim, client::kEventTypeNormal, "ProvisioningSucceeded",
                    "Successfully provisioned volume " + volume_name);
    return std::nullopt;
  }

  std::optional<std::string> sync_volume(const std::string& name) {
    ObjectPtr cached = volumes_.cache().get(name);
    if (!cached || !wants_deletion(*cached)) return std::nullopt;
    // Decide on the live object: the cache may be behind a deletion or a policy change.
    auto fresh = client_->get(resources::kPersistentVolumes, "", name);
    if (!fresh.ok()) return fresh.error().code == 404 ? std::nullopt : std::optional(fresh.error().message);
    const json volume = with_kind(fresh.value(), "PersistentVolume");
    if (!wants_deletion(volume)) return std::nullopt;

    auto failed = [&](const std::string& why) -> std::optional<std::string> {
      std::string message = "failed to delete volume " + name + ": " + why;
      recorder_.event(volume, client::kEventTypeWarning, "VolumeFailedDelete", message);
      return message;
    };
    PathResult path = volume_path(volume);
    if (!path.ok()) return failed(path.error);
    if (auto error = remove_volume_dir(options_.local_path_root, path.path)) return failed(*error);

    client::DeleteOptions options;
    options.precondition_uid = registry::meta_string(volume, "uid");
    auto removed = client_->remove(resources::kPersistentVolumes, "", name, options);
    if (!removed.ok() && removed.error().code != 404) return removed.error().message;
    return std::nullopt;
  }

  ControllerOptions options_;
  client::ClientPtr client_;
  client::Informer& claims_;
  client::Informer& volumes_;
  client::Informer& classes_;
  client::Informer& nodes_;
  KeyQueue claim_queue_;
  KeyQueue volume_queue_;
  KeyQueue install_queue_;
  client::EventRecorder recorder_;
  // Last: they run workers over everything above, and are stopped (joined) first when destroyed.
  client::ControllerRunner claim_runner_;
  client::ControllerRunner volume_runner_;
  client::ControllerRunner install_runner_;
};

}  // namespace

ControllerPtr make_localpath_controller(ControllerContext& context) {
  return std::make_unique<LocalPathController>(context);
}

}  // namespace kapi::controllers
