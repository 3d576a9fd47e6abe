"""HubSpot as Fivetran's HubSpot connector loads it: the same people and behaviour as the
Marketo world, in HubSpot's shape (``--map hubspot|both``).

The world is always simulated once, with Marketo as its MAP, so that every random draw is
the demo world's. A HubSpot world then rewrites what Marketo recorded as HubSpot records
it: each lead becomes a contact (same id, ``property_*`` columns, its lifecycle stage and
lead status read from the ``lead_status_map`` seed), each lead's company a company with a
``contact_company`` association, each email activity an ``email_event`` with its typed
child row, and each form fill a ``contact_form_submission`` (a LinkedIn lead gen form's on
LinkedIn's page, tagged ``utm_source=linkedin``). Sales meets the people it names on
a deal: each opportunity gets a HubSpot meeting with its contact roles' contacts. Marketo's
web visits and link clicks have no HubSpot table (the connector loads no page views); Segment records the same
visits. Each opportunity created from the move on is a deal too (HubSpot's Salesforce sync),
with its company, the contacts of its contact roles and its stage in HubSpot's default
pipeline. Dirty rows keep their dirt, and ``synth_truth`` follows every moved row.

``both`` is a company that moved from Marketo to HubSpot halfway through the period: the
activities before the move stay in Marketo, the later ones are in HubSpot, and every lead
that existed at the move is a contact in HubSpot too (the same email in both systems).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import vocab
from ._util import DAY
from .config import WorldConfig
from .writer import TableWriter

MAPS = ("marketo", "hubspot", "both")
PORTAL_ID = 4_512_877
COMPANY_ID_BASE = 8_000_000_000
ENGAGEMENT_ID_BASE = 30_000_000_000
DEAL_ID_BASE = 50_000_000_000
MEETING_LEAD_SECONDS = 2 * 3_600  # a discovery meeting comes two hours before sales names the deal's people
# Marketo email activity table -> HubSpot email event type and typed child table
EMAIL_EVENTS = {
    "activity_send_email": ("SENT", "email_event_sent"),
    "activity_email_delivered": ("DELIVERED", "email_event_delivered"),
    "activity_open_email": ("OPEN", "email_event_open"),
    "activity_click_email": ("CLICK", "email_event_click"),
}
# Marketo tables HubSpot has no counterpart for: their rows stay in Marketo before the
# move, and are not recorded after it.
LIFECYCLE_FALLBACK = {"sal": "mql", "recycled": "inquiry"}
# HubSpot's default deal pipeline: each Salesforce stage (vocab.OPP_STAGE_PROB) as the stage
# id and label HubSpot gives its counterpart, in the pipeline's order
DEAL_PIPELINE = "default"
DEAL_STAGES = {
    "Prospecting": ("appointmentscheduled", "Appointment Scheduled"),
    "Qualification": ("qualifiedtobuy", "Qualified To Buy"),
    "Needs Analysis": ("presentationscheduled", "Presentation Scheduled"),
    "Proposal": ("decisionmakerboughtin", "Decision Maker Bought-In"),
    "Negotiation": ("contractsent", "Contract Sent"),
    "Closed Won": ("closedwon", "Closed Won"),
    "Closed Lost": ("closedlost", "Closed Lost"),
}
DEAL_ASSOCIATION = {"deal_company": 5, "deal_contact": 3}  # HubSpot's primary deal-to-X type ids
# Marketo's LinkedIn lead gen form fills: HubSpot's ads integration records each as a form
# submission on the network's page, tagged with its utm_source (docs/engagement.md#social)
LEAD_GEN_TABLE = "activity_fill_out_linkedin_lead_gen_form"
LEAD_GEN_NETWORK = "linkedin"
MARKETO_ONLY = (
    "activity_visit_webpage",
    "activity_click_link",
    "activity_change_data_value",
    "activity_merge_leads",
)


def migration_at(cfg: WorldConfig, mapping: str) -> pd.Timestamp | None:
    """When HubSpot took over from Marketo: the start (``hubspot``), halfway (``both``)."""
    if mapping not in MAPS:
        raise ValueError(f"map must be one of {MAPS}, not {mapping!r}")
    if mapping == "marketo":
        return None
    offset = 0 if mapping == "hubspot" else (cfg.days // 2) * DAY
    return pd.Timestamp(cfg.t0 + offset, unit="s")


def rewrite_as_hubspot(cfg: WorldConfig, w: TableWriter, mapping: str) -> None:
    """Move what Marketo recorded from the migration on into HubSpot's tables."""
    cut = migration_at(cfg, mapping)
    if cut is None:
        return
    people = w.frame("truth", "people")
    emails = people.dropna(subset=["marketo_lead_id"]).set_index("marketo_lead_id")["email"]
    moved: list[pd.DataFrame] = []
    leads = w.frame("marketo", "lead")
    _write_contacts(w, leads)
    w.replace("marketo", "lead", leads[leads["created_at"] < cut] if mapping == "both" else leads.iloc[:0])
    in_marketo = (leads["created_at"] < cut) & (mapping == "both")
    moved.append(_row_moves(leads["id"], "lead", "contact", keep_marketo=in_marketo, copied=True))
    for table, (kind, child) in EMAIL_EVENTS.items():
        rows = w.frame("marketo", table)
        later = rows["activity_date"] >= cut
        _write_email_events(w, rows[later], emails, kind, child)
        w.replace("marketo", table, rows[~later])
        moved.append(_row_moves(rows["id"], table, "email_event", keep_marketo=~later))
    forms = w.frame("marketo", "activity_fill_out_form")
    later = forms["activity_date"] >= cut
    _write_form_submissions(w, forms[later])
    w.replace("marketo", "activity_fill_out_form", forms[~later])
    moved.append(_row_moves(forms["id"], "activity_fill_out_form", "contact_form_submission", ~later))
    lead_gen = w.frame("marketo", LEAD_GEN_TABLE)
    later = lead_gen["activity_date"] >= cut
    _write_form_submissions(w, lead_gen[later], _lead_gen_page())
    w.replace("marketo", LEAD_GEN_TABLE, lead_gen[~later])
    moved.append(_row_moves(lead_gen["id"], LEAD_GEN_TABLE, "contact_form_submission", ~later))
    for table in MARKETO_ONLY:
        rows = w.frame("marketo", table)
        later = rows["activity_date"] >= cut
        w.replace("marketo", table, rows[~later])
        moved.append(_row_moves(rows["id"], table, None, keep_marketo=~later))
    _write_engagements(w, cut)
    _write_deals(w, cut)
    if mapping == "hubspot":
        for table in ("lead_describe", "program", "campaign"):
            w.replace("marketo", table, w.frame("marketo", table).iloc[:0])
    _follow_in_truth(w, pd.concat(moved, ignore_index=True))


def _row_moves(
    ids: pd.Series, table: str, to_table: str | None, keep_marketo: pd.Series, copied: bool = False
) -> pd.DataFrame:
    """Where each Marketo row went: its HubSpot table (none: no longer recorded), whether it
    stays in Marketo, and whether HubSpot holds it (a lead is copied even when it stays)."""
    keep = keep_marketo.to_numpy(dtype=bool)
    return pd.DataFrame(
        {
            "source_table": table,
            "row_id": ids.astype("Int64").astype("string").to_numpy(),
            "to_table": to_table,
            "keep_marketo": keep,
            "in_hubspot": (to_table is not None) & (copied | ~keep),
        }
    ).drop_duplicates(["source_table", "row_id"])


def _follow_in_truth(w: TableWriter, moves: pd.DataFrame) -> None:
    """Truth touches and dirty rows name the row that now records them.

    A touch moves to its HubSpot row, or leaves the truth when no table records it any
    more. A dirty row stays in Marketo if its row does, and is listed in HubSpot too when
    the row was copied there (a lead imported as a contact keeps its dirt).
    """
    moves = moves.dropna(subset=["row_id"])
    touches = w.frame("truth", "touches")
    key = touches.merge(
        moves, how="left", left_on=["source_table", "source_row_id"], right_on=["source_table", "row_id"]
    )
    marketo = key["source_system"].eq("marketo") & key["keep_marketo"].notna()
    stays = ~marketo | key["keep_marketo"].eq(True)
    moved = marketo & key["keep_marketo"].eq(False) & key["to_table"].notna()
    key.loc[moved, "source_system"] = "hubspot"
    key.loc[moved, "source_table"] = key.loc[moved, "to_table"]
    w.replace("truth", "touches", key[stays | moved][list(touches.columns)])

    dirty = w.frame("truth", "dirty_rows")
    # a null-id copy has no id of its own: it goes where the row it copies went
    copied = dirty["detail"].str.extract(r"^null-id copy of (\S+)$", expand=False)
    dirty["lookup_id"] = dirty["row_id"].fillna(copied)
    d = dirty.merge(
        moves.rename(columns={"row_id": "lookup_id"}), how="left", on=["source_table", "lookup_id"]
    )
    mk = d["source_system"].eq("marketo") & d["keep_marketo"].notna()
    kept = d[~mk | d["keep_marketo"].eq(True)]
    copies = d[mk & d["in_hubspot"].eq(True)].assign(source_system="hubspot")
    copies["source_table"] = copies["to_table"]
    columns = [c for c in dirty.columns if c != "lookup_id"]
    w.replace("truth", "dirty_rows", pd.concat([kept, copies], ignore_index=True)[columns])


def _hubspot_stages(status: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A Marketo lead status as HubSpot's lifecycle stage and lead status: the status's
    stage on the shared taxonomy, and the HubSpot value the seed maps to that stage first."""
    meaning = vocab.lead_status_stages()
    lifecycle = vocab.hubspot_values_by_stage("hubspot_lifecyclestage")
    lead_status = vocab.hubspot_values_by_stage("hubspot_lead_status")
    stage = status.map(meaning)
    # HubSpot's lifecycle has no sales-accepted or recycled stage: such a contact is still
    # a marketing-qualified lead, or back to a plain lead
    nearest = stage.replace(LIFECYCLE_FALLBACK)
    return (
        nearest.map(lifecycle).fillna("subscriber").to_numpy(object),
        stage.map(lead_status).where(status.notna(), None).to_numpy(object),
    )


def _companies(leads: pd.DataFrame) -> pd.DataFrame:
    """One HubSpot company per company domain the leads name."""
    named = leads.dropna(subset=["website"]).sort_values(["website", "created_at", "id"])
    firsts = named.groupby("website", as_index=False).first()
    firsts["company_id"] = COMPANY_ID_BASE + np.arange(1, len(firsts) + 1)
    return firsts


def _write_contacts(w: TableWriter, leads: pd.DataFrame) -> None:
    """Leads as contacts, their companies, and the contact-to-company associations."""
    companies = _companies(leads)
    company_of = leads["website"].map(companies.set_index("website")["company_id"])
    lifecycle, lead_status = _hubspot_stages(leads["lead_status"])
    w.append(
        "hubspot",
        "contact",
        pd.DataFrame(
            {
                "id": leads["id"],
                "property_email": leads["email"],
                "property_firstname": leads["first_name"],
                "property_lastname": leads["last_name"],
                "property_jobtitle": leads["title"],
                "property_company": leads["company"],
                "property_website": leads["website"],
                "property_industry": leads["industry"],
                "property_annualrevenue": leads["annual_revenue"],
                "property_country": leads["country"],
                "property_leadsource": leads["lead_source"],
                "property_lifecyclestage": lifecycle,
                "property_hs_lead_status": lead_status,
                "property_hs_email_optout": leads["unsubscribed"],
                "property_salesforcecontactid": leads["sfdc_contact_id"],
                "property_salesforceleadid": leads["sfdc_lead_id"],
                "property_salesforceaccountid": leads["sfdc_account_id"],
                "property_associatedcompanyid": company_of.astype("Int64"),
                "property_createdate": leads["created_at"],
                "property_lastmodifieddate": leads["updated_at"],
                "_fivetran_deleted": False,
                "_fivetran_synced": leads["_fivetran_synced"],
            }
        ),
    )
    w.append(
        "hubspot",
        "company",
        pd.DataFrame(
            {
                "id": companies["company_id"],
                "property_name": companies["company"],
                "property_domain": companies["website"],
                "property_website": "https://www." + companies["website"],
                "property_industry": companies["industry"],
                "property_numberofemployees": companies["number_of_employees"],
                "property_annualrevenue": companies["annual_revenue"],
                "property_country": companies["country"],
                "property_createdate": companies["created_at"],
                "is_deleted": False,
                "_fivetran_synced": companies["_fivetran_synced"],
            }
        ),
    )
    linked = leads.assign(company_id=company_of).dropna(subset=["company_id", "id"])
    linked = linked.sort_values("_fivetran_synced").drop_duplicates("id", keep="last")
    w.append(
        "hubspot",
        "contact_company",
        pd.DataFrame(
            {
                "contact_id": linked["id"],
                "company_id": linked["company_id"].astype("int64"),
                "type_id": 1,
                "category": "HUBSPOT_DEFINED",
                "_fivetran_synced": linked["_fivetran_synced"],
            }
        ),
    )


def _write_email_events(w: TableWriter, rows: pd.DataFrame, emails: pd.Series, kind: str, child: str) -> None:
    """Marketo email activities as HubSpot email events, each with its typed child row."""
    event_id = rows["id"].astype("Int64").astype("string")
    w.append(
        "hubspot",
        "email_event",
        pd.DataFrame(
            {
                "id": event_id,
                "type": kind,
                "created": rows["activity_date"],
                "recipient": rows["lead_id"].map(emails),
                "email_campaign_id": rows["primary_attribute_value_id"],
                "portal_id": PORTAL_ID,
                "app_id": 113,
                "filtered_event": False,
                "_fivetran_synced": rows["_fivetran_synced"],
            }
        ),
    )
    detail: dict[str, object] = {"id": event_id, "_fivetran_synced": rows["_fivetran_synced"]}
    if kind == "SENT":
        detail |= {"subject": rows["primary_attribute_value"], "from": f"marketing@{vocab.VENDOR_DOMAIN}"}
    elif kind == "DELIVERED":
        detail |= {"response": "250 2.0.0 OK"}
    else:
        detail |= {"user_agent": rows["user_agent"], "browser": rows["platform"]}
        if kind == "CLICK":
            detail |= {"url": rows["link"]}
    w.append("hubspot", child, pd.DataFrame(detail))


def _write_form_submissions(w: TableWriter, forms: pd.DataFrame, page_url: str | None = None) -> None:
    """Marketo form fills as HubSpot form submissions (one conversion each), on the page the
    fill names or, for a LinkedIn lead gen form, on ``page_url``."""
    w.append(
        "hubspot",
        "contact_form_submission",
        pd.DataFrame(
            {
                "conversion_id": forms["id"].astype("Int64").astype("string"),
                "contact_id": forms["lead_id"],
                "form_id": "form-" + forms["primary_attribute_value_id"].astype("Int64").astype("string"),
                "title": forms["primary_attribute_value"],
                "page_url": forms["referrer_url"] if page_url is None else page_url,
                "portal_id": PORTAL_ID,
                "timestamp": forms["activity_date"],
                "_fivetran_synced": forms["_fivetran_synced"],
            }
        ),
    )


def _lead_gen_page() -> str:
    """The page HubSpot's ads integration records a LinkedIn lead gen submission on: the
    network's, tagged with its utm_source (both from the social_networks seed)."""
    network = next(n for n in vocab.social_networks() if n.name == LEAD_GEN_NETWORK)
    return f"{network.referrer}?utm_source={network.utm_source}&utm_medium=paid_social"


def _write_engagements(w: TableWriter, cut: pd.Timestamp) -> None:
    """A discovery meeting per opportunity, logged in HubSpot with the contacts sales names on
    the deal (those HubSpot knows), from the migration on; each contact is a truth touch."""
    roles = w.frame("truth", "touches")
    roles = roles[roles["source_table"].eq("opportunity_contact_role") & (roles["occurred_at"] >= cut)]
    people = w.frame("truth", "people").dropna(subset=["marketo_lead_id"])
    deals = w.frame("salesforce", "opportunity_contact_role").drop_duplicates("id")[["id", "opportunity_id"]]
    roles = roles.merge(people[["truth_person_id", "marketo_lead_id"]], on="truth_person_id").merge(
        deals, left_on="source_row_id", right_on="id"
    )
    if roles.empty:
        return
    meetings = (
        roles.groupby("opportunity_id", as_index=False)["occurred_at"].min().sort_values("opportunity_id")
    )
    meetings["engagement_id"] = ENGAGEMENT_ID_BASE + np.arange(1, len(meetings) + 1)
    meetings["at"] = meetings["occurred_at"] - pd.Timedelta(seconds=MEETING_LEAD_SECONDS)
    synced = meetings["at"] + pd.Timedelta(hours=1)
    w.append(
        "hubspot",
        "engagement",
        pd.DataFrame(
            {
                "id": meetings["engagement_id"],
                "type": "MEETING",
                "activity_type": "Discovery",
                "timestamp": meetings["at"],
                "created_at": meetings["at"],
                "last_updated": synced,
                "active": True,
                "portal_id": PORTAL_ID,
                "_fivetran_synced": synced,
            }
        ),
    )
    attendees = roles.merge(meetings[["opportunity_id", "engagement_id", "at"]], on="opportunity_id")
    attendees = attendees.drop_duplicates(["engagement_id", "marketo_lead_id"])
    contact_id = attendees["marketo_lead_id"].astype("int64")
    w.append(
        "hubspot",
        "engagement_contact",
        pd.DataFrame(
            {
                "engagement_id": attendees["engagement_id"],
                "contact_id": contact_id,
                "_fivetran_synced": attendees["at"] + pd.Timedelta(hours=1),
            }
        ),
    )
    w.append(
        "truth",
        "touches",
        pd.DataFrame(
            {
                "source_system": "hubspot",
                "source_table": "engagement_contact",
                "source_row_id": attendees["engagement_id"].astype(str) + ":" + contact_id.astype(str),
                "truth_account_id": attendees["truth_account_id"],
                "truth_person_id": attendees["truth_person_id"],
                "occurred_at": attendees["at"],
                "is_in_market": attendees["is_in_market"],
            }
        ),
    )
    _write_engagement_companies(w, attendees)


def _write_engagement_companies(w: TableWriter, attendees: pd.DataFrame) -> None:
    """Each meeting's company: the HubSpot company of its attendees' account."""
    domains = w.frame("truth", "accounts").set_index("truth_account_id")["domain"]
    companies = w.frame("hubspot", "company").set_index("property_domain")["id"]
    company_id = attendees["truth_account_id"].map(domains).map(companies)
    pairs = attendees.assign(company_id=company_id).dropna(subset=["company_id"])
    pairs = pairs.drop_duplicates(["engagement_id", "company_id"])
    w.append(
        "hubspot",
        "engagement_company",
        pd.DataFrame(
            {
                "engagement_id": pairs["engagement_id"],
                "company_id": pairs["company_id"].astype("int64"),
                "_fivetran_synced": pairs["at"] + pd.Timedelta(hours=1),
            }
        ),
    )


def _write_deals(w: TableWriter, cut: pd.Timestamp) -> None:
    """Opportunities created from the migration on as HubSpot deals (HubSpot's Salesforce
    sync), the default pipeline's stages, and each deal's company and contacts."""
    order = list(DEAL_STAGES)
    w.append(
        "hubspot",
        "deal_pipeline_stage",
        pd.DataFrame(
            {
                "stage_id": [DEAL_STAGES[s][0] for s in order],
                "pipeline_id": DEAL_PIPELINE,
                "label": [DEAL_STAGES[s][1] for s in order],
                "display_order": range(len(order)),
                "probability": [vocab.OPP_STAGE_PROB[s] / 100 for s in order],
                "active": True,
                "is_closed": [s.startswith("Closed") for s in order],
                "closed_won": [s == "Closed Won" for s in order],
                "_fivetran_deleted": False,
                "_fivetran_synced": cut - pd.Timedelta(days=1),
            }
        ),
    )
    opps = w.frame("salesforce", "opportunity").dropna(subset=["id", "created_date"])
    opps = opps.sort_values("_fivetran_synced").drop_duplicates("id", keep="last")
    opps = opps[opps["created_date"] >= cut].sort_values("id").reset_index(drop=True)
    if opps.empty:
        return
    opps["deal_id"] = DEAL_ID_BASE + np.arange(1, len(opps) + 1)
    w.append(
        "hubspot",
        "deal",
        pd.DataFrame(
            {
                "deal_id": opps["deal_id"],
                "deal_pipeline_id": DEAL_PIPELINE,
                "deal_pipeline_stage_id": opps["stage_name"].map(lambda s: DEAL_STAGES.get(s, (None,))[0]),
                "portal_id": PORTAL_ID,
                "property_dealname": opps["name"],
                "property_dealtype": "newbusiness",
                "property_amount": opps["amount"],
                "property_closedate": pd.to_datetime(opps["close_date"]),
                "property_createdate": opps["created_date"],
                "is_deleted": opps["is_deleted"].fillna(False).astype(bool),
                "_fivetran_deleted": False,
                "_fivetran_synced": opps["_fivetran_synced"],
            }
        ),
    )
    _write_deal_associations(w, opps)


def _write_deal_associations(w: TableWriter, opps: pd.DataFrame) -> None:
    """Each deal's company (its account's domain) and contacts (its contact roles' people
    that HubSpot holds), as Fivetran's deal_company and deal_contact."""
    accounts = w.frame("truth", "accounts").dropna(subset=["sfdc_account_id"])
    domain = accounts.set_index(accounts["sfdc_account_id"].str[:15])["domain"]
    companies = w.frame("hubspot", "company").drop_duplicates("property_domain")
    companies = companies.set_index("property_domain")["id"]
    company_id = opps["account_id"].str[:15].map(domain).map(companies)
    pairs = opps.assign(company_id=company_id).dropna(subset=["company_id"])
    _append_association(w, "deal_company", pairs, "company_id")
    people = w.frame("truth", "people").dropna(subset=["sfdc_contact_id", "marketo_lead_id"])
    lead_of = people.set_index(people["sfdc_contact_id"].str[:15])["marketo_lead_id"]
    lead_of = lead_of[~lead_of.index.duplicated()]
    in_hubspot = set(w.frame("hubspot", "contact")["id"].dropna().astype("int64"))
    roles = w.frame("salesforce", "opportunity_contact_role").dropna(subset=["opportunity_id", "contact_id"])
    deals = opps[["id", "deal_id"]].rename(columns={"id": "opportunity_id"})
    roles = roles.merge(deals, on="opportunity_id")
    roles["contact_id"] = roles["contact_id"].str[:15].map(lead_of)
    roles = roles.dropna(subset=["contact_id"])
    roles = roles[roles["contact_id"].astype("int64").isin(in_hubspot)]
    _append_association(w, "deal_contact", roles, "contact_id")


def _append_association(w: TableWriter, table: str, rows: pd.DataFrame, column: str) -> None:
    """One association row per (deal, object) pair, synced with its newest source row."""
    rows = rows.sort_values("_fivetran_synced").drop_duplicates(["deal_id", column], keep="last")
    w.append(
        "hubspot",
        table,
        pd.DataFrame(
            {
                "deal_id": rows["deal_id"],
                column: rows[column].astype("int64"),
                "type_id": DEAL_ASSOCIATION[table],
                "category": "HUBSPOT_DEFINED",
                "_fivetran_synced": rows["_fivetran_synced"],
            }
        ),
    )
