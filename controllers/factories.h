// The built-in controllers, one factory each (defined in the controller's folder). The manager
// lists them; nothing else needs to know their classes.
#pragma once

#include "controllers/controller.h"

namespace kapi::controllers {

ControllerPtr make_node_controller(ControllerContext& context);
ControllerPtr make_scheduler_controller(ControllerContext& context);
ControllerPtr make_statefulset_controller(ControllerContext& context);
ControllerPtr make_pvbinder_controller(ControllerContext& context);
ControllerPtr make_localpath_controller(ControllerContext& context);
ControllerPtr make_replicaset_controller(ControllerContext& context);
ControllerPtr make_deployment_controller(ControllerContext& context);
ControllerPtr make_garbagecollector_controller(ControllerContext& context);
ControllerPtr make_namespace_controller(ControllerContext& context);

}  // namespace kapi::controllers
