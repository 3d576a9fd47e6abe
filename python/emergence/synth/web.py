"""Website behaviour as Segment records it (pages, tracks, identifies) and as Munchkin sees it.

Sessions are planned for every kind of visitor, then expanded into page views in
vectorised chunks; each chunk is written to segment.pages, Marketo visit/click-link
activities for known leads, 'Pricing Viewed' tracks, and the truth touches.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab
from ._util import (
    DAY,
    HOUR,
    MINUTE,
    NEVER,
    arrow_table,
    child_rng,
    dict_strings,
    hex_strings,
    ip_strings,
    rising_times,
    scramble64,
    segment_ranges,
)
from .config import WorldConfig
from .episodes import Episodes
from .marketo import (
    ACT_CLICK_LINK,
    ACT_VISIT,
    ALL_PATHS,
    PATH_INDEX,
    ActivityIds,
    activity_ids,
    row_ids,
    synced,
)
from .people import people_per_account
from .truth import TouchBuilder
from .writer import TableWriter

PROFILE_IDX = {p: i for i, p in enumerate(vocab.PROFILE_NAMES)}
# What a session's ``forced_last`` says of its last page, besides a path index:
FREE_LAST_PAGE = -1  # drawn from the browsing profile like any other page
WEBINAR_PAGE = -2  # the registration page of the webinar its form fill is for
NO_BLAST = -1  # ``blast``: the session does not start with an email click-through
NO_FORM = -1  # ``form_idx``: the session ends with no form fill
NOT_SOCIAL = -1  # ``_PageContext.social``: the page is not referred by a social network
_CHUNK_PAGES = 1_000_000
_EXTERNAL_REF = [r for r in vocab.REFERRERS if r]


@dataclass
class Sessions:
    """Planned browsing sessions (parallel arrays, sorted by start time)."""

    pid: np.ndarray
    device: np.ndarray
    start: np.ndarray
    profile: np.ndarray
    n_pages: np.ndarray
    ip: np.ndarray
    forced_last: np.ndarray  # path index of the last page (a form page), FREE_LAST_PAGE or WEBINAR_PAGE
    blast: np.ndarray  # blast index of an email click-through (first page), or NO_BLAST
    form_idx: np.ndarray  # the form fill this session ends with, or NO_FORM


@dataclass
class _Pages:
    """One chunk's page views, as parallel arrays."""

    sess: np.ndarray  # the session each page belongs to
    rank: np.ndarray  # page number within its session (0: the landing page)
    pid: np.ndarray
    dev: np.ndarray
    devkey: np.ndarray  # pid * 2 + device
    t_sec: np.ndarray
    ts_us: np.ndarray
    path: np.ndarray  # path index of the page
    blast: np.ndarray
    url_idx: np.ndarray  # the page's URL: a path, or a blast's link with its query string

    def take(self, k: np.ndarray) -> _Pages:
        return _Pages(*(getattr(self, f.name)[k] for f in fields(self)))


@dataclass
class _PageContext:
    """What Segment records around each page of a chunk."""

    ids: pa.Array
    ref_idx: np.ndarray  # the referrer's URL index (an external site for a landing page)
    direct: np.ndarray  # no referrer: typed in, bookmarked, or an email click-through
    recv_us: np.ndarray
    sent_us: np.ndarray
    uuid_us: np.ndarray
    identified: np.ndarray  # the device was identified to the person by then
    ip: pa.Array
    ua_idx: np.ndarray
    social: np.ndarray  # the network (vocab.social_networks()) referring a landing page, or NOT_SOCIAL
    ad: np.ndarray  # the social visit is an ad click: its URL carries the network's utm_source


def _ip_for(rng: np.random.Generator, people: pd.DataFrame, pid: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Office, home (ISP) or VPN address for each session of each person."""
    office = people["office_ip"].to_numpy()[pid]
    home = people["home_ip"].to_numpy()[pid]
    vpn = people["vpn_ip"].to_numpy()[pid]
    u = rng.random(len(pid))
    wfh = people["wfh_share"].to_numpy()[pid]
    vs = people["vpn_share"].to_numpy()[pid]
    gone = people["left_at"].to_numpy()[pid] <= start
    no_office = (office == 0) | gone
    ip = np.where(u < vs, vpn, np.where((u < vs + wfh) | no_office, home, office))
    # crawlers rotate through addresses of their (aligned) hosting block
    crawl = people["noise_kind"].to_numpy()[pid] == "crawler"
    ip = np.where(crawl, ip ^ rng.integers(0, 64, len(pid)), ip)
    return ip


def background_factor(law: str, account_idx: np.ndarray, employees: np.ndarray) -> np.ndarray:
    """Multiplier of each employee's background browsing rate under a variant law (WorldConfig).

    ``size``: the rate grows with (employees / 250) ** 0.3, so a 10,000-person account sends
    about three times the demo's background visitors. ``flat``: every account sends the same
    expected volume, the demo's median, whatever the people modelled for it.
    """
    per = people_per_account(employees).astype(np.float64)
    if law == "size":
        return np.clip((employees[account_idx] / 250.0) ** 0.3, 0.5, 4.0)
    return float(np.median(per)) / per[account_idx]


def plan_sessions(
    cfg: WorldConfig,
    people: pd.DataFrame,
    eps: Episodes,
    forms: pd.DataFrame,
    clicks: pd.DataFrame,
    employees: np.ndarray | None = None,
) -> tuple[Sessions, np.ndarray]:
    """Every visit of the world, and each form fill's session index (aligned with ``forms``)."""
    rng = child_rng(cfg.seed, "sessions")
    t0, t1 = cfg.t0, cfg.t1
    n = len(people)
    noise = people["noise_kind"].to_numpy()
    acc = people["account_idx"].to_numpy()
    parts: list[dict[str, np.ndarray]] = []

    def add(
        pid: np.ndarray,
        start: np.ndarray,
        profile: np.ndarray | str,
        n_pages: np.ndarray,
        forced: np.ndarray | None = None,
        blast: np.ndarray | None = None,
        form: np.ndarray | None = None,
    ) -> None:
        k = len(pid)
        prof = np.full(k, PROFILE_IDX[profile]) if isinstance(profile, str) else profile
        parts.append(
            {
                "pid": pid.astype(np.int64),
                "start": start.astype(np.int64),
                "profile": prof.astype(np.int64),
                "n_pages": np.maximum(n_pages, 1).astype(np.int64),
                "forced": np.full(k, FREE_LAST_PAGE) if forced is None else forced,
                "blast": np.full(k, NO_BLAST) if blast is None else blast,
                "form": np.full(k, NO_FORM) if form is None else form,
            }
        )

    def expand(pid: np.ndarray, counts: np.ndarray) -> np.ndarray:
        return np.repeat(pid, counts)

    span = t1 - t0
    # 1. base traffic: every employee now and then, mostly the blog
    emp = np.flatnonzero(acc >= 0)
    rate = 0.25 * cfg.days / 180 * people["engagement"].to_numpy()[emp] ** 0.5
    if cfg.background_visitors != "demo":
        if employees is None:
            raise ValueError("a background_visitors variant needs the accounts' employees")
        rate = rate * background_factor(cfg.background_visitors, acc[emp], employees)
    cnt = rng.poisson(rate)
    p = expand(emp, cnt)
    prof = rng.choice(
        [
            PROFILE_IDX["casual"],
            PROFILE_IDX["research"],
            PROFILE_IDX["careers"],
            PROFILE_IDX["docs"],
        ],
        len(p),
        p=[0.72, 0.13, 0.1, 0.05],
    )
    add(p, t0 + (rng.random(len(p)) * span).astype(np.int64), prof, rng.geometric(0.45, len(p)))

    # 2. in-market team members: rising activity across their window
    mem = eps.members
    wm = mem[mem["ch_web"].to_numpy()]
    lo = np.maximum(wm["member_start"].to_numpy(), t0)
    hi = np.minimum(wm["member_end"].to_numpy(), t1 - HOUR)
    ok = hi > lo
    weeks = np.where(ok, (hi - lo) / (7 * DAY), 0)
    cnt = np.where(ok, rng.poisson(wm["intensity"].to_numpy() * weeks * 0.8) + 1, 0)
    idx = np.repeat(np.arange(len(wm)), cnt)
    role = wm["buying_role"].to_numpy()[idx]
    prof = np.where(
        role == "technical_evaluator",
        PROFILE_IDX["technical"],
        np.where(
            role == "finance",
            PROFILE_IDX["finance"],
            np.where(rng.random(len(idx)) < 0.8, PROFILE_IDX["buyer"], PROFILE_IDX["research"]),
        ),
    )
    add(
        wm["pid"].to_numpy()[idx],
        rising_times(rng, lo[idx], hi[idx], 2.0),
        prof,
        1 + rng.geometric(0.3, len(idx)),
    )

    # 3. lone researchers: one person, a lot of reading, a few weeks
    r = eps.researchers
    if len(r):
        lo = np.maximum(r["start_at"].to_numpy(), t0)
        hi = np.minimum(r["end_at"].to_numpy(), t1 - HOUR)
        cnt = np.where(hi > lo, rng.integers(8, 26, len(r)), 0)
        idx = np.repeat(np.arange(len(r)), cnt)
        add(
            r["pid"].to_numpy()[idx],
            lo[idx] + (rng.random(len(idx)) * (hi - lo)[idx]).astype(np.int64),
            "research",
            2 + rng.geometric(0.25, len(idx)),
        )

    # 4. noise kinds
    for kind, lam, prof_name, pages_p in (
        ("customer_docs", 0.06, "docs", 0.3),
        ("competitor", 0.07, "competitor", 0.25),
        ("student", 0.02, "research", 0.4),
        ("job_seeker", 0.02, "careers", 0.4),
        ("isp_visitor", 0.012, "casual", 0.5),
    ):
        who = np.flatnonzero(noise == kind)
        cnt = rng.poisson(lam * cfg.days, len(who)) + (kind in ("student", "job_seeker", "isp_visitor"))
        p = expand(who, cnt)
        add(
            p,
            t0 + (rng.random(len(p)) * span).astype(np.int64),
            prof_name,
            rng.geometric(pages_p, len(p)),
        )
    who = np.flatnonzero(noise == "crawler")
    cnt = rng.integers(10, 60, len(who)) * max(1, cfg.days // 90)
    p = expand(who, cnt)
    add(
        p,
        t0 + (rng.random(len(p)) * span).astype(np.int64),
        "crawler",
        rng.integers(10, 60, len(p)),
    )

    # 5. form sessions end on the form page; 6. email click-throughs start on the link
    if len(forms):
        k = len(forms)
        npg = rng.integers(1, 5, k)
        forced = np.array(
            [PATH_INDEX[vocab.FORMS[x][1]] if x != "webinar" else WEBINAR_PAGE for x in forms["kind"]],
            dtype=np.int64,
        )
        add(
            forms["pid"].to_numpy(),
            forms["at"].to_numpy() - (npg - 1) * 75,
            "buyer",
            npg,
            forced=forced,
            form=np.arange(k),
        )
    if len(clicks):
        k = len(clicks)
        add(
            clicks["pid"].to_numpy(),
            clicks["at"].to_numpy() + rng.integers(1, 20, k),
            "research",
            rng.integers(1, 4, k),
            blast=clicks["blast_idx"].to_numpy(),
        )

    cat = {key: np.concatenate([q[key] for q in parts]) for key in parts[0]}
    keep = (cat["start"] >= t0) & (cat["start"] < t1)
    cat = {k: v[keep] for k, v in cat.items()}
    order = np.lexsort((cat["pid"], cat["start"]))
    cat = {k: v[order] for k, v in cat.items()}
    pid = cat["pid"]
    ndev = people["n_devices"].to_numpy()[pid]
    device = ((ndev > 1) & (rng.random(len(pid)) < 0.35)).astype(np.int64)
    form_rows = cat["form"]
    is_form = form_rows >= 0
    device[is_form] = forms["device"].to_numpy()[form_rows[is_form]]
    device[cat["blast"] >= 0] = 0
    ip = _ip_for(rng, people, pid, cat["start"])
    form_session = np.full(len(forms), -1, dtype=np.int64)
    form_session[form_rows[is_form]] = np.flatnonzero(is_form)
    s = Sessions(
        pid=pid,
        device=device,
        start=cat["start"],
        profile=cat["profile"],
        n_pages=cat["n_pages"],
        ip=ip,
        forced_last=cat["forced"],
        blast=cat["blast"],
        form_idx=form_rows,
    )
    _ = n
    return s, form_session


def _sample_paths(rng: np.random.Generator, profile: np.ndarray) -> np.ndarray:
    """A path index for every page, drawn from its session's browsing profile."""
    out = np.empty(len(profile), dtype=np.int64)
    cat_first = {}
    pos = 0
    for c in vocab.PAGE_CATEGORIES:
        cat_first[c] = pos
        pos += len(vocab.PAGE_PATHS[c])
    for name, pi in PROFILE_IDX.items():
        m = profile == pi
        k = int(m.sum())
        if not k:
            continue
        probs = vocab.PROFILES[name]
        cats = [c for c in probs if c in vocab.PAGE_PATHS and probs[c] > 0]
        pr = np.array([probs[c] for c in cats])
        ci = rng.choice(len(cats), k, p=pr / pr.sum())
        first = np.array([cat_first[c] for c in cats])[ci]
        size = np.array([len(vocab.PAGE_PATHS[c]) for c in cats])[ci]
        out[m] = first + (rng.random(k) * size).astype(np.int64)
    return out


def _segment_ids(seq: np.ndarray, salt: int) -> pa.Array:
    """Segment message ids: 'ajs-next-' plus 32 hex digits, unique per sequence number."""
    a = hex_strings(scramble64(seq, salt), 16)
    b = hex_strings(scramble64(seq, salt ^ 0x5DEECE66D), 16)
    return pc.binary_join_element_wise("ajs-next-", a, b, "")


class WebEmitter:
    """Expands sessions into Segment pages (+ Marketo web activity + tracks) chunk by chunk."""

    def __init__(
        self,
        cfg: WorldConfig,
        w: TableWriter,
        people: pd.DataFrame,
        mk_id: np.ndarray,
        mk_created: np.ndarray,
        known_since: np.ndarray,
        identified_at: np.ndarray,
        blast_links: np.ndarray,
        blast_names: np.ndarray,
        ids: ActivityIds,
        touches: TouchBuilder,
    ) -> None:
        self.cfg, self.w, self.people, self.ids, self.touches = cfg, w, people, ids, touches
        self.mk_id, self.mk_created = mk_id, mk_created
        self.known_since = known_since  # per device (pid*2+d): Munchkin cookie associated with the lead
        self.identified_at = identified_at  # per device: Segment identify seen
        anon = np.empty(2 * len(people), dtype=object)
        anon[0::2] = people["anon_id_1"].to_numpy()
        anon[1::2] = people["anon_id_2"].fillna(people["anon_id_1"]).to_numpy()
        self.anon = anon
        self.user_ids = people["user_id"].to_numpy()
        self.social = vocab.social_networks()
        self.urls = np.array(
            [vocab.VENDOR_SITE + p for p in ALL_PATHS]
            + list(blast_links)
            + _EXTERNAL_REF
            + [network.referrer for network in self.social],
            dtype=object,
        )
        self.n_paths = len(ALL_PATHS)
        self.n_blasts = len(blast_links)
        self.social_base = self.n_paths + self.n_blasts + len(_EXTERNAL_REF)
        self.social_rng = child_rng(cfg.seed, "social_visits")
        self.paths_ext = np.array(
            ALL_PATHS + [link.split("?")[0].replace(vocab.VENDOR_SITE, "") for link in blast_links],
            dtype=object,
        )
        self.query_ext = np.array(
            [None] * len(ALL_PATHS) + ["?" + link.split("?")[1] for link in blast_links],
            dtype=object,
        )
        cat_of = [c for c in vocab.PAGE_CATEGORIES for _ in vocab.PAGE_PATHS[c]]
        self.titles_ext = np.array(
            [vocab.PAGE_TITLES[c] for c in cat_of] + ["Northbeam"] * len(blast_links), dtype=object
        )
        self.names_ext = np.array(
            [c.replace("_", " ").title() for c in cat_of] + ["Email landing"] * len(blast_links),
            dtype=object,
        )
        self.campaign_names = np.array(list(blast_names), dtype=object)
        self.ua = np.array(vocab.USER_AGENTS + vocab.BOT_USER_AGENTS, dtype=object)
        self.rng = child_rng(cfg.seed, "pages")
        self.seq = 0
        self.pricing_idx = PATH_INDEX["/pricing"]

    def _ua_index(self, pid: np.ndarray, device: np.ndarray) -> np.ndarray:
        bot = self.people["noise_kind"].to_numpy()[pid] == "crawler"
        h = (scramble64(pid * 2 + device, 99) % np.uint64(len(vocab.USER_AGENTS))).astype(np.int64)
        hb = len(vocab.USER_AGENTS) + (pid % len(vocab.BOT_USER_AGENTS))
        return np.where(bot, hb, h)

    def emit(self, s: Sessions, webinar_paths: dict[int, int]) -> None:
        """Write all pages (and rows derived from them) in chunks of about a million page views."""
        csum = np.cumsum(s.n_pages)
        bounds = (
            np.searchsorted(
                csum,
                np.arange(_CHUNK_PAGES, int(csum[-1]) + _CHUNK_PAGES, _CHUNK_PAGES),
                side="right",
            )
            if len(csum)
            else []
        )
        lo = 0
        for hi in list(bounds) + [len(s.pid)]:
            hi = min(int(hi), len(s.pid))
            if hi > lo:
                self._chunk(s, lo, hi, webinar_paths)
            lo = hi

    def _chunk(self, s: Sessions, lo: int, hi: int, webinar_paths: dict[int, int]) -> None:
        """Sessions lo..hi: their page views, then the tracks and Munchkin activity those cause."""
        p = self._page_views(s, lo, hi, webinar_paths)
        # sessions that start just before the end of the period do not spill over it
        inside = p.t_sec < self.cfg.t1 - 5
        if not inside.all():
            p = p.take(np.flatnonzero(inside))
        c = self._context(s, p)
        self._write_pages(p, c)
        self._write_pricing_tracks(p, c)
        self._write_munchkin_visits(p, c)

    def _page_views(self, s: Sessions, lo: int, hi: int, webinar_paths: dict[int, int]) -> _Pages:
        """Every page of sessions lo..hi: its time (reading gaps after the session start) and page."""
        rng = self.rng
        sess, rank = segment_ranges(s.n_pages[lo:hi])
        sess += lo
        n = len(sess)
        pid = s.pid[sess]
        dev = s.device[sess]
        gaps = np.where(rank == 0, 0, rng.integers(10, 240, n))
        # cumulative gaps within the session
        csum = np.cumsum(gaps)
        first_pos = np.flatnonzero(rank == 0)
        base = np.repeat(csum[first_pos], np.diff(np.append(first_pos, n)))
        t_sec = s.start[sess] + (csum - base)
        ts_us = t_sec * 1_000_000 + rng.integers(0, 1_000_000, n)
        path = _sample_paths(rng, s.profile[sess])
        last = rank == s.n_pages[sess] - 1
        forced = s.forced_last[sess]
        path = np.where(last & (forced >= 0), forced, path)
        webinar = last & (forced == WEBINAR_PAGE)
        if webinar.any():
            fidx = s.form_idx[sess[webinar]]
            path[webinar] = np.array(
                [webinar_paths.get(int(f), PATH_INDEX["/webinars"]) for f in fidx], dtype=np.int64
            )
        blast = s.blast[sess]
        # an email click-through lands on the blast's link, with its query string
        url_idx = np.where((rank == 0) & (blast != NO_BLAST), self.n_paths + blast, path)
        return _Pages(sess, rank, pid, dev, pid * 2 + dev, t_sec, ts_us, path, blast, url_idx)

    def _context(self, s: Sessions, p: _Pages) -> _PageContext:
        """What Segment records around each page: referrer, message id, delivery times, IP, agent."""
        rng = self.rng
        n = len(p.sess)
        ext_ref = self.n_paths + self.n_blasts + rng.integers(0, len(_EXTERNAL_REF), n)
        direct = (p.rank == 0) & ((rng.random(n) < 0.35) | (p.blast != NO_BLAST))
        prev = np.concatenate([[0], p.url_idx[:-1]])
        social, ad = self._social_landings(p)
        ext_ref = np.where(social != NOT_SOCIAL, self.social_base + social, ext_ref)
        direct &= social == NOT_SOCIAL
        seq = np.arange(self.seq, self.seq + n, dtype=np.int64)
        self.seq += n
        recv_us = p.ts_us + np.exp(rng.uniform(np.log(300_000), np.log(300_000_000), n)).astype(np.int64)
        sent_us = p.ts_us + rng.integers(1_000, 2_000_000, n)
        return _PageContext(
            ids=_segment_ids(seq, self.cfg.seed * 31 + 1),
            ref_idx=np.where(p.rank == 0, ext_ref, prev),
            direct=direct,
            recv_us=recv_us,
            sent_us=sent_us,
            uuid_us=recv_us + rng.integers(60, 3600, n) * 1_000_000,
            identified=self.identified_at[p.devkey] <= p.t_sec,
            ip=ip_strings(s.ip[p.sess]),
            ua_idx=self._ua_index(p.pid, p.dev),
            social=social,
            ad=ad,
        )

    def _social_landings(self, p: _Pages) -> tuple[np.ndarray, np.ndarray]:
        """Which landing pages (not an email click-through, not a crawler's) a social network
        refers, with probability ``social_visit_share``, and which of those are ad clicks."""
        rng, n = self.social_rng, len(p.sess)
        crawler = self.people["noise_kind"].to_numpy()[p.pid] == "crawler"
        landing = (p.rank == 0) & (p.blast == NO_BLAST) & ~crawler
        picked = landing & (rng.random(n) < self.cfg.social_visit_share)
        mix = np.array([vocab.SOCIAL_MIX[network.name] for network in self.social])
        network = rng.choice(len(self.social), n, p=mix / mix.sum())
        ad = picked & (rng.random(n) < vocab.SOCIAL_AD_SHARE)
        return np.where(picked, network, NOT_SOCIAL), ad

    def _social_names(self, social: np.ndarray) -> pa.Array:
        """The truth's social_network of pages: the network's name, or null."""
        names = [network.name for network in self.social]
        return dict_strings(np.maximum(social, 0), names, mask=social == NOT_SOCIAL)

    def _write_pages(self, p: _Pages, c: _PageContext) -> None:
        """segment.pages, and each page as a touch."""
        n = len(p.sess)
        utm = (p.rank == 0) & (p.blast != NO_BLAST)
        # an email click-through is tagged by Marketo; a social ad by its network
        tagged = utm | c.ad
        source_idx = np.where(c.ad, 1 + np.maximum(c.social, 0), 0)
        sources = ["marketo"] + [network.utm_source for network in self.social]
        medium = dict_strings(c.ad.astype(np.int64), ["email", "paid_social"], mask=~tagged)
        page_tbl = arrow_table(
            {
                "id": c.ids,
                "anonymous_id": dict_strings(p.devkey, self.anon),
                "user_id": dict_strings(p.pid, self.user_ids, mask=~c.identified),
                "context_ip": c.ip,
                "context_page_url": dict_strings(p.url_idx, self.urls),
                "context_page_path": dict_strings(p.url_idx, self.paths_ext),
                "context_page_referrer": dict_strings(c.ref_idx, self.urls, mask=c.direct),
                "context_page_title": dict_strings(p.url_idx, self.titles_ext),
                "context_user_agent": dict_strings(c.ua_idx, self.ua),
                "context_library_name": dict_strings(np.zeros(n, dtype=np.int64), ["analytics.js"]),
                "context_campaign_source": dict_strings(source_idx, sources, mask=~tagged),
                "context_campaign_medium": medium,
                "context_campaign_name": dict_strings(np.maximum(p.blast, 0), self.campaign_names, mask=~utm)
                if self.n_blasts
                else None,
                "url": dict_strings(p.url_idx, self.urls),
                "path": dict_strings(p.url_idx, self.paths_ext),
                "referrer": dict_strings(c.ref_idx, self.urls, mask=c.direct),
                "title": dict_strings(p.url_idx, self.titles_ext),
                "name": dict_strings(p.url_idx, self.names_ext),
                "received_at": pa.array(c.recv_us, type=pa.timestamp("us")),
                "sent_at": pa.array(c.sent_us, type=pa.timestamp("us")),
                "timestamp": pa.array(p.ts_us, type=pa.timestamp("us")),
                "original_timestamp": pa.array(p.ts_us, type=pa.timestamp("us")),
                "uuid_ts": pa.array(c.uuid_us, type=pa.timestamp("us")),
            }
        )
        if not self.n_blasts:
            page_tbl = page_tbl.drop_columns(["context_campaign_name"])
        self.w.append("segment", "pages", page_tbl)
        social = self._social_names(c.social)
        self.touches.add("segment", "pages", c.ids, p.pid, p.ts_us, at_is_us=True, social_network=social)

    def _write_pricing_tracks(self, p: _Pages, c: _PageContext) -> None:
        """A 'Pricing Viewed' track a moment after each view of the pricing page."""
        pr = np.flatnonzero(p.path == self.pricing_idx)
        if not len(pr):
            return
        tseq = np.arange(self.seq, self.seq + len(pr), dtype=np.int64)
        self.seq += len(pr)
        tids = _segment_ids(tseq, self.cfg.seed * 31 + 1)
        t_us = p.ts_us[pr] + 1_500_000
        self.w.append(
            "segment",
            "tracks",
            arrow_table(
                {
                    "id": tids,
                    "anonymous_id": dict_strings(p.devkey[pr], self.anon),
                    "user_id": dict_strings(p.pid[pr], self.user_ids, mask=~c.identified[pr]),
                    "event": np.full(len(pr), "Pricing Viewed"),
                    "event_text": np.full(len(pr), "Pricing Viewed"),
                    "context_ip": c.ip.take(pa.array(pr)),
                    "context_page_url": dict_strings(p.url_idx[pr], self.urls),
                    "context_page_path": dict_strings(p.url_idx[pr], self.paths_ext),
                    "context_user_agent": dict_strings(c.ua_idx[pr], self.ua),
                    "context_library_name": np.full(len(pr), "analytics.js"),
                    "timestamp": pa.array(t_us, type=pa.timestamp("us")),
                    "original_timestamp": pa.array(t_us, type=pa.timestamp("us")),
                    "sent_at": pa.array(t_us + 500_000, type=pa.timestamp("us")),
                    "received_at": pa.array(c.recv_us[pr] + 1_500_000, type=pa.timestamp("us")),
                    "uuid_ts": pa.array(c.uuid_us[pr] + 1_500_000, type=pa.timestamp("us")),
                }
            ),
        )
        self.touches.add("segment", "tracks", tids, p.pid[pr], t_us, at_is_us=True)

    def _write_munchkin_visits(self, p: _Pages, c: _PageContext) -> None:
        """Marketo's web visits of known leads: a device whose cookie is tied to a lead by then."""
        rng = self.rng
        known = (
            (self.known_since[p.devkey] <= p.t_sec)
            & (self.mk_id[p.pid] >= 0)
            & (self.mk_created[p.pid] <= p.t_sec)
        )
        kv = np.flatnonzero(known)
        if not len(kv):
            return
        act = self.ids.take(len(kv))
        at = p.t_sec[kv] + rng.integers(0, 3, len(kv))
        wid = 1 + np.where(p.url_idx[kv] < self.n_paths, p.url_idx[kv], p.path[kv])
        self.w.append(
            "marketo",
            "activity_visit_webpage",
            arrow_table(
                {
                    "id": activity_ids(act),
                    "lead_id": self.mk_id[p.pid[kv]],
                    "activity_date": pa.array(at * 1_000_000, type=pa.timestamp("us")),
                    "activity_type_id": np.full(len(kv), ACT_VISIT, dtype=np.int64),
                    "primary_attribute_value": dict_strings(p.url_idx[kv], self.paths_ext),
                    "primary_attribute_value_id": wid,
                    "webpage_id": wid,
                    "webpage_url": dict_strings(p.url_idx[kv], self.urls),
                    "query_parameters": dict_strings(p.url_idx[kv], self.query_ext),
                    "referrer_url": dict_strings(c.ref_idx[kv], self.urls, mask=c.direct[kv]),
                    "client_ip_address": c.ip.take(pa.array(kv)),
                    "user_agent": dict_strings(c.ua_idx[kv], self.ua),
                    "_fivetran_synced": pa.array(synced(rng, at) * 1_000_000, type=pa.timestamp("us")),
                }
            ),
        )
        self.touches.add(
            "marketo",
            "activity_visit_webpage",
            row_ids(act),
            p.pid[kv],
            at,
            social_network=self._social_names(c.social[kv]),
        )
        # a quarter of the later pages of a visit are recorded as a click on the link to them
        clicks = kv[(p.rank[kv] > 0) & (rng.random(len(kv)) < 0.25)]
        if len(clicks):
            self._write_munchkin_clicks(p, c, clicks)

    def _write_munchkin_clicks(self, p: _Pages, c: _PageContext, cl: np.ndarray) -> None:
        """Marketo's link clicks: the click on the previous page that led to page ``cl``."""
        rng = self.rng
        act = self.ids.take(len(cl))
        at = p.t_sec[cl] - rng.integers(1, 5, len(cl))
        pidx = np.concatenate([[0], p.url_idx[:-1]])[cl]
        self.w.append(
            "marketo",
            "activity_click_link",
            arrow_table(
                {
                    "id": activity_ids(act),
                    "lead_id": self.mk_id[p.pid[cl]],
                    "activity_date": pa.array(at * 1_000_000, type=pa.timestamp("us")),
                    "activity_type_id": np.full(len(cl), ACT_CLICK_LINK, dtype=np.int64),
                    "primary_attribute_value": dict_strings(p.url_idx[cl], self.urls),
                    "primary_attribute_value_id": 1 + p.path[cl],
                    "link": dict_strings(p.url_idx[cl], self.urls),
                    "webpage_id": 1 + np.where(pidx < self.n_paths, pidx, 0),
                    "referrer_url": dict_strings(pidx, self.urls),
                    "query_parameters": dict_strings(p.url_idx[cl], self.query_ext),
                    "client_ip_address": c.ip.take(pa.array(cl)),
                    "user_agent": dict_strings(c.ua_idx[cl], self.ua),
                    "_fivetran_synced": pa.array(synced(rng, at) * 1_000_000, type=pa.timestamp("us")),
                }
            ),
        )
        self.touches.add("marketo", "activity_click_link", row_ids(act), p.pid[cl], at)

    def emit_form_events(
        self, s: Sessions, forms: pd.DataFrame, form_session: np.ndarray, accounts: pd.DataFrame
    ) -> tuple[np.ndarray, np.ndarray]:
        """Tracks ('Form Submitted' + the form's own event) and an identify for every form fill.

        Returns each form's client IP and user agent strings (for Marketo's fill_out_form).
        """
        k = len(forms)
        if not k:
            return np.zeros(0, dtype=object), np.zeros(0, dtype=object)
        rng = child_rng(self.cfg.seed, "form_events")
        si = form_session
        pid = forms["pid"].to_numpy()
        dev = s.device[si]
        devkey = pid * 2 + dev
        at_us = forms["at"].to_numpy() * 1_000_000 + rng.integers(0, 1_000_000, k)
        ip = ip_strings(s.ip[si])
        ua_idx = self._ua_index(pid, dev)
        kinds = forms["kind"].to_numpy()
        page = np.array([vocab.FORMS[x][1] for x in kinds], dtype=object)
        url = np.array([vocab.VENDOR_SITE + p for p in page], dtype=object)
        ev2 = np.array([vocab.FORMS[x][2] for x in kinds], dtype=object)
        rows_ev = np.concatenate([np.full(k, "Form Submitted", dtype=object), ev2])
        two = np.concatenate([np.arange(k), np.arange(k)])
        t_us = at_us[two] + np.concatenate([np.zeros(k, np.int64), np.full(k, 800_000)])
        seq = np.arange(self.seq, self.seq + 2 * k, dtype=np.int64)
        self.seq += 2 * k
        tids = _segment_ids(seq, self.cfg.seed * 31 + 1)
        recv = t_us + rng.integers(300_000, 30_000_000, 2 * k)
        self.w.append(
            "segment",
            "tracks",
            arrow_table(
                {
                    "id": tids,
                    "anonymous_id": dict_strings(devkey[two], self.anon),
                    "user_id": dict_strings(pid[two], self.user_ids),
                    "event": rows_ev,
                    "event_text": rows_ev,
                    "context_ip": ip.take(pa.array(two)),
                    "context_page_url": url[two],
                    "context_page_path": page[two],
                    "context_user_agent": dict_strings(ua_idx[two], self.ua),
                    "context_library_name": np.full(2 * k, "analytics.js"),
                    "timestamp": pa.array(t_us, type=pa.timestamp("us")),
                    "original_timestamp": pa.array(t_us, type=pa.timestamp("us")),
                    "sent_at": pa.array(t_us + 400_000, type=pa.timestamp("us")),
                    "received_at": pa.array(recv, type=pa.timestamp("us")),
                    "uuid_ts": pa.array(
                        recv + rng.integers(60, 3600, 2 * k) * 1_000_000, type=pa.timestamp("us")
                    ),
                }
            ),
        )
        self.touches.add("segment", "tracks", tids, pid[two], t_us, at_is_us=True)
        seq = np.arange(self.seq, self.seq + k, dtype=np.int64)
        self.seq += k
        iids = _segment_ids(seq, self.cfg.seed * 31 + 1)
        i_us = at_us + 1_200_000
        recv = i_us + rng.integers(300_000, 30_000_000, k)
        acc = self.people["account_idx"].to_numpy()[pid]
        self.w.append(
            "segment",
            "identifies",
            arrow_table(
                {
                    "id": iids,
                    "anonymous_id": dict_strings(devkey, self.anon),
                    "user_id": dict_strings(pid, self.user_ids),
                    "email": self.people["email"].to_numpy()[pid],
                    "first_name": self.people["first_name"].to_numpy()[pid],
                    "last_name": self.people["last_name"].to_numpy()[pid],
                    "title": self.people["title"].to_numpy()[pid],
                    "company": np.where(acc >= 0, accounts["name"].to_numpy()[np.maximum(acc, 0)], None),
                    "context_ip": ip,
                    "context_page_url": url,
                    "context_user_agent": dict_strings(ua_idx, self.ua),
                    "context_library_name": np.full(k, "analytics.js"),
                    "timestamp": pa.array(i_us, type=pa.timestamp("us")),
                    "original_timestamp": pa.array(i_us, type=pa.timestamp("us")),
                    "sent_at": pa.array(i_us + 300_000, type=pa.timestamp("us")),
                    "received_at": pa.array(recv, type=pa.timestamp("us")),
                    "uuid_ts": pa.array(
                        recv + rng.integers(60, 3600, k) * 1_000_000, type=pa.timestamp("us")
                    ),
                }
            ),
        )
        self.touches.add("segment", "identifies", iids, pid, i_us, at_is_us=True)
        ua = self.ua[ua_idx]
        return np.asarray(ip.to_numpy(zero_copy_only=False), dtype=object), ua


def device_times(n_people: int, forms: pd.DataFrame, clicks: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per device (pid*2+d): when Segment identified it and when Munchkin tied it to a lead."""
    identified = np.full(2 * n_people, NEVER, dtype=np.int64)
    if len(forms):
        key = forms["pid"].to_numpy() * 2 + forms["device"].to_numpy()
        np.minimum.at(identified, key, forms["at"].to_numpy())
    known = identified.copy()
    if len(clicks):
        np.minimum.at(
            known,
            clicks["pid"].to_numpy().astype(np.int64) * 2,
            clicks["at"].to_numpy().astype(np.int64),
        )
    return identified, known


_ = (MINUTE,)
