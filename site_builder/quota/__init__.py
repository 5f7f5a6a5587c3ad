"""The live-quota API: its contract and a local stand-in for it."""

from site_builder.quota.stub import SCENARIOS, QuotaStub, quota_totals

__all__ = ["SCENARIOS", "QuotaStub", "quota_totals"]
