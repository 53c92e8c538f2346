"""The dashboard's reads, for the gateway (see ui.gateway): a mixin, so they stay
`Gateway` methods. Each reads through the gateway's `store` on the caller's thread (the
dashboard calls them through `fetch`); this module imports neither SQLAlchemy nor the store.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimdesk.core.one_writer import OneWriter
    from claimdesk.core.services.dashboard import ClaimWindow, DashboardData
    from claimdesk.core.services.dashboard_window import ClaimFilter, ClaimOrder


class DashboardReads:
    """The dashboard's counts, rollups and windows of claims."""

    if TYPE_CHECKING:

        @property
        def store(self) -> OneWriter: ...

    def dashboard(self) -> DashboardData:
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return dashboard.load_dashboard(session)

    def dashboard_overview(self) -> DashboardData:
        """The dashboard's counts; `dashboard_articles` and `dashboard_people` add the rest."""
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return dashboard.dashboard_overview(session)

    def dashboard_articles(self, data: DashboardData) -> DashboardData:
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return replace(data, articles=dashboard.article_rollups(session))

    def dashboard_people(self, data: DashboardData) -> DashboardData:
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return dashboard.with_people(data, dashboard.article_people(session))

    def dashboard_claims(
        self,
        wanted: ClaimFilter,
        order: ClaimOrder,
        offset: int,
        limit: int,
        *,
        tally: bool = False,
    ) -> ClaimWindow:
        """A window of the claims the dashboard's filters pick (counted too with `tally`)."""
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return dashboard.claim_window(session, wanted, order, offset, limit, tally=tally)

    def matching_versions(self, wanted: ClaimFilter) -> dict[str, int]:
        from claimdesk.core.services import dashboard

        with self.store.reading() as session:
            return dashboard.matching_versions(session, wanted)
