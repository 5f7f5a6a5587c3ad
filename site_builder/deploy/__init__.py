"""Publishing: plan what changed, then apply it in a safe order."""

from site_builder.deploy.run import DeployOptions, deploy

__all__ = ["DeployOptions", "deploy"]
