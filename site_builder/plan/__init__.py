"""Planning stage: which pages exist on a given day, and what each shows."""

from site_builder.plan.pages import Page, plan_pages
from site_builder.plan.shelves import Status, benefit_status

__all__ = ["Page", "Status", "benefit_status", "plan_pages"]
