"""``sources.yaml``: a strict schema, loaded with errors that name the key and the line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from digest.errors import ConfigError
from digest.http import FetchSettings
from digest.models import Window
from digest.sites import PROFILES
from digest.sources import SourceConfig
from digest.state import StateDir


class Strict(BaseModel):
    """Base for config sections: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid")


class WindowConfig(Strict):
    """The span of time a post covers.

    The post for date D covers the ``hours`` before ``end`` (local time) on day D. With the
    defaults, the post for 2024-05-04 covers 2024-05-03 00:00 to 2024-05-04 00:00 local time,
    so a cron job at dawn writes about the whole previous day and no hour is ever skipped.

    Attributes:
        end: local time of day on the post's date when the window closes.
        hours: how long the window is.
    """

    end: time = time(0, 0)
    hours: int = Field(default=24, ge=1, le=24 * 7)


class LLMConfig(Strict):
    """The language model that writes the post (any OpenAI-compatible server).

    Attributes:
        base_url: the API root; ``None`` means OpenAI itself.
        model: the model for per-story summaries.
        compose_model: the model for the composing call (defaults to ``model``).
        api_key_env: the environment variable holding the API key.
        concurrency: story calls made at once.
        token_budget: the most tokens (prompt + completion) one run may use.
        max_output_tokens: the cap on each answer.
        timeout: seconds to wait for one answer.
        max_retries: retries of a failed call (429, 5xx, connection errors).
        temperature: sampling temperature.
        max_items_per_story: items of a story sent to the model.
        item_chars: characters of each item's text sent to the model.
        story_input_tokens: the most (estimated) tokens of item data one story call sends;
            items are taken one per kind of source first until it is reached.
        compose_input_tokens: the most tokens of story notes the composing call sends; the
            lowest-ranked stories are left out past it.
        stories_per_call: stories asked together in one call, packed by the size of their
            data (at most twice ``story_input_tokens``) and at most this many; each story's
            answer is still checked and re-asked alone. 1 asks every story alone.
        quality_reask: re-ask once, listing the problems, when an answer fails the checks
            (unsupported numbers or names, not Korean, not 합니다체, copied text).
        glossary: a file of names to keep in English (``Name: 한글 표기, ...``), added to the
            packaged list (relative to the config file).
        prices: USD per million tokens by model, ``[input, output]``, for the cost estimate.
    """

    base_url: str | None = None
    model: str
    compose_model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = Field(default=4, ge=1, le=32)
    token_budget: int = Field(default=200_000, ge=1_000)
    max_output_tokens: int = Field(default=1_500, ge=200)
    timeout: float = Field(default=90.0, gt=0)
    max_retries: int = Field(default=3, ge=0, le=10)
    temperature: float = Field(default=0.2, ge=0, le=2)
    max_items_per_story: int = Field(default=8, ge=1, le=50)
    item_chars: int = Field(default=700, ge=100, le=20_000)
    story_input_tokens: int = Field(default=3_000, ge=200, le=200_000)
    compose_input_tokens: int = Field(default=12_000, ge=500, le=500_000)
    stories_per_call: int = Field(default=20, ge=1, le=50)
    quality_reask: bool = True
    glossary: str | None = None
    prices: dict[str, tuple[float, float]] = Field(
        default_factory=lambda: {
            "gpt-4o-mini": (0.15, 0.60),
            "gpt-4.1-mini": (0.40, 1.60),
            "gpt-4.1-nano": (0.10, 0.40),
            "gpt-4o": (2.50, 10.00),
        }
    )

    @field_validator("api_key_env")
    @classmethod
    def _env_name(cls, value: str) -> str:
        if not value.replace("_", "").isalnum() or value[0].isdigit():
            raise ValueError(
                "give the NAME of an environment variable (like OPENAI_API_KEY), not the key"
            )
        return value


class WriterConfig(Strict):
    """How the post is written with a model.

    Attributes:
        candidates: composed posts to choose from (best-of-N): the story notes are written
            once, the composing call is made this many times (the first as with 1, the others
            sampled with their own seed), each post is scored with ``digest eval``'s checks
            and the best is kept; the run report lists every candidate's scores.
    """

    candidates: int = Field(default=1, ge=1, le=8)


class OutputConfig(Strict):
    """Where and how the post is written.

    Attributes:
        dir: the folder posts are written to (relative to the config file).
        slug: the post folder's name; ``{date}`` is replaced by the post date.
        template: the post template's file name (looked up in ``templates/`` first).
        max_stories: stories the post covers at most.
        preview_stories: stories shown under ``Today's Preview``.
        min_stories: with fewer stories that could be written, no post is written (exit 4)
            rather than a thin one.
        site: the static site generator the post is for, a profile of ``digest.sites``:
            ``gatsby`` (gatsby-starter-hoodie front matter, ``contents/posts/<slug>/index.md``),
            ``hugo`` (``title``, ``date``, ``lastmod``, ``description``, ``tags``,
            ``categories``, ``slug``, ``draft``; ``content/posts/<slug>/index.md``) or
            ``jekyll`` (``title``, ``date``, ``categories``, ``tags``;
            ``_posts/<date>-<slug>.md``).
        series: the gatsby ``series`` the posts belong to, if any.
        categories: the hugo and jekyll ``categories``.
        draft: the hugo ``draft`` flag.
    """

    dir: str = "output"
    slug: str = Field(default="{date}-ai-digest", pattern=r"^[A-Za-z0-9{}._-]+$")
    template: str = "post.md.j2"
    max_stories: int = Field(default=15, ge=1, le=200)
    preview_stories: int = Field(default=5, ge=1, le=50)
    min_stories: int = Field(default=1, ge=1, le=50)
    site: str = "gatsby"
    series: str | None = Field(default=None, max_length=100)
    categories: list[str] = Field(default_factory=lambda: ["AI"], max_length=10)
    draft: bool = False

    @field_validator("site")
    @classmethod
    def _site(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"unknown site {value!r}; choose one of {', '.join(PROFILES)}")
        return value

    @property
    def posts_folder(self) -> str:
        """Where posts live inside a site of this kind (for ``--site``)."""
        return PROFILES[self.site].posts_folder


class EvalConfig(Strict):
    """Thresholds ``digest eval`` holds a post to; below any, it exits with code 5.

    Attributes:
        min_valid_citations: share of citations that name an archived item with that link.
        max_unsupported: share of statements stating numbers or names their items do not.
        min_top_coverage: share of the day's top stories (the Preview's number) the post cites.
        max_repeated: share of statements copied from the earlier posts of the look-back.
        min_hangul_share: Hangul among the letters of the post's prose.
        min_formal_endings: share of sentences ending in the 합니다체 register.
        max_cost_usd: the most one run may cost (from the run report); no limit when unset.
    """

    min_valid_citations: float = Field(default=1.0, ge=0, le=1)
    max_unsupported: float = Field(default=0.1, ge=0, le=1)
    min_top_coverage: float = Field(default=0.6, ge=0, le=1)
    max_repeated: float = Field(default=0.0, ge=0, le=1)
    min_hangul_share: float = Field(default=0.5, ge=0, le=1)
    min_formal_endings: float = Field(default=0.8, ge=0, le=1)
    max_cost_usd: float | None = Field(default=None, ge=0)


class FetchConfig(Strict):
    """How sources are fetched.

    Attributes:
        timeout: seconds to wait for a response.
        max_bytes: the largest response body accepted.
        retries: retries after a timeout, a connection error, 429 or 5xx.
        concurrency: sources downloaded and parsed at once; a conditional request (a feed
            whose validators were kept) waits for its answer outside this bound, up to 4x
            as many at once (``digest.fetch.CONDITIONAL_IN_FLIGHT``).
        user_agent: the User-Agent header sent.
        unhealthy_after: days in a row a source may fail or bring nothing before the run
            report and ``digest doctor`` flag it.
    """

    timeout: float = Field(default=20.0, gt=0)
    max_bytes: int = Field(default=10_000_000, ge=1_000)
    retries: int = Field(default=3, ge=0, le=10)
    concurrency: int = Field(default=8, ge=1, le=64)
    user_agent: str = "digest/0.1 (+https://github.com/digest-ai/digest)"
    unhealthy_after: int = Field(default=3, ge=1, le=365)

    def settings(self) -> FetchSettings:
        """The network settings; the connection pool holds one connection per source at once."""
        return FetchSettings(
            timeout=self.timeout,
            max_bytes=self.max_bytes,
            retries=self.retries,
            user_agent=self.user_agent,
            max_connections=self.concurrency,
        )


class StoriesConfig(Strict):
    """How items become stories.

    Attributes:
        lookback_days: how many days of earlier posts a story is checked against; a story they
            covered is left out unless it brings new material (then it is a follow-up).
        follow_ups: whether follow-ups go in the post at all.
        text_similarity: the TF-IDF cosine at which two posts are about the same event.
        name_similarity: the cosine over shared names (products, versions, figures) at which
            two posts in different languages are about the same event.
    """

    lookback_days: int = Field(default=7, ge=0, le=90)
    follow_ups: bool = True
    text_similarity: float = Field(default=0.6, gt=0, le=1)
    name_similarity: float = Field(default=0.7, gt=0, le=1)


class Config(Strict):
    """The whole of ``sources.yaml``.

    Attributes:
        timezone: the IANA time zone posts are dated in.
        language: the language the post is written in.
        window: the time span a post covers.
        llm: the language model; omit to write extractively without one.
        writer: how the post is written with the model (best-of-N).
        output: where posts go.
        fetch: network settings.
        stories: how items become stories and what counts as news.
        eval: the thresholds ``digest eval`` checks a post against.
        state_dir: the folder for the archive and run reports (relative to the config file).
        archive: the SQLite archive's path (default ``<state_dir>/archive.sqlite3``).
        sources: what to read.
    """

    timezone: str = "Asia/Seoul"
    language: str = Field(default="ko", pattern=r"^[a-z]{2}$")
    window: WindowConfig = WindowConfig()
    llm: LLMConfig | None = None
    writer: WriterConfig = WriterConfig()
    output: OutputConfig = OutputConfig()
    fetch: FetchConfig = FetchConfig()
    stories: StoriesConfig = StoriesConfig()
    eval: EvalConfig = EvalConfig()
    state_dir: str = ".digest"
    archive: str | None = None
    sources: list[SourceConfig] = Field(min_length=1)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name like Asia/Seoul"
            ) from None
        return value

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, value: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for source in value:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}; names must be unique")
            seen.add(source.name)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Settings:
    """A loaded configuration and the folder its relative paths start from.

    Attributes:
        config: the validated configuration.
        path: the configuration file.
        base_dir: the folder relative paths in the file are resolved against.
    """

    config: Config
    path: Path
    base_dir: Path

    def resolve(self, value: str) -> Path:
        """Resolve a path written in the config file."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def state_dir(self) -> Path:
        """The folder of the archive and reports."""
        return self.resolve(self.config.state_dir)

    @property
    def state(self) -> StateDir:
        """The state folder's layout (``digest.state``)."""
        archive = self.resolve(self.config.archive) if self.config.archive else None
        return StateDir.at(self.state_dir, archive)

    @property
    def archive_path(self) -> Path:
        """The SQLite archive file."""
        return self.state.archive


def window_for(config: Config, day: date) -> Window:
    """The window the post for ``day`` covers, per ``config.window``."""
    until = datetime.combine(day, config.window.end, tzinfo=config.tz)
    return Window(since=until - timedelta(hours=config.window.hours), until=until)


def load(path: Path) -> Settings:
    """Read and validate a config file; raise ``ConfigError`` naming the key and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"config file not found: {path}",
            "copy the example sources.yaml beside README.md, or pass --config PATH",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    return parse(text, path)


def parse(text: str, path: Path) -> Settings:
    """Validate config text; ``path`` names the file in errors and anchors relative paths."""
    try:
        data = yaml.load(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        data = None  # the pure-Python parser below words the error as it always has
    try:
        if data is None:
            data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            f"{path.name}{where}: not valid YAML: {problem}",
            "check indentation and quoting near that line",
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path.name}: expected a mapping of settings at the top level",
            "start from the example sources.yaml beside README.md",
        )
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        # The lines of the keys are needed only to say where a problem is.
        try:
            lines = _line_index(yaml.compose(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:  # read by libyaml, refused by the pure-Python parser
            lines = {}
        raise ConfigError(_describe(exc, data, lines, path), _HINT) from None
    return Settings(config=config, path=path, base_dir=path.parent.resolve())


# libyaml's parser when PyYAML was built with it: the pure-Python one took ~0.1 s of every
# run on the sample config (it parsed the text twice, once for the keys' lines).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_HINT = "fix the key named above; the README's configuration section lists every setting"


def _line_index(node: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    """Map each key path in a YAML document to the line (1-based) where it is written."""
    index: dict[tuple[Any, ...], int] = {}

    def walk(current: yaml.Node, prefix: tuple[Any, ...]) -> None:
        index.setdefault(prefix, current.start_mark.line + 1)
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value
                index[(*prefix, key)] = key_node.start_mark.line + 1
                walk(value_node, (*prefix, key))
                index[(*prefix, key)] = key_node.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for position, child in enumerate(current.value):
                walk(child, (*prefix, position))

    if node is not None:
        walk(node, ())
    return index


def _describe(
    exc: ValidationError, data: Any, lines: dict[tuple[Any, ...], int], path: Path
) -> str:
    """One line per validation problem: ``key.path: message (file line N)``."""
    out = []
    for error in exc.errors():
        keys = _data_path(error["loc"], data)
        place = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
        line = _nearest_line(keys, lines)
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown setting (check its spelling and indentation)"
        elif error["type"] == "missing":
            message = "required setting is missing"
        message = message.removeprefix("Value error, ")
        where = f" ({path.name} line {line})" if line else f" ({path.name})"
        out.append(f"{place or '(top level)'}: {message}{where}")
    return "invalid configuration:\n  " + "\n  ".join(out)


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop pydantic's union tags from an error location, keeping the keys in the data."""
    keys: list[Any] = []
    current = data
    for part in loc:
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
            keys.append(part)
            current = current[part]
        elif isinstance(current, dict | list):
            # A tag of a discriminated union, or a key that is missing: keep missing keys.
            if isinstance(part, str) and not _is_union_tag(part, current):
                keys.append(part)
                current = None
        else:
            keys.append(part)
            current = None
    return tuple(keys)


def _is_union_tag(part: str, current: Any) -> bool:
    return isinstance(current, dict) and current.get("type") == part


def _nearest_line(keys: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for cut in range(len(keys), -1, -1):
        if keys[:cut] in lines:
            return lines[keys[:cut]]
    return None
