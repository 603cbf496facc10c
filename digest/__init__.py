"""digest: a day of AI-community posts in, one cited Korean newsletter post out.

The rooms of the house, in the order a build passes through them, with what travels between
them (the plain data types live in ``models``: ``Window``, ``Item``, ``Story``, ``Digest``):

``cli`` (``clierrors``, ``cliopts``)
    Parses options, loads the config, calls one stage; every error is printed once, in
    ``clierrors.DigestCommands.main``. Imports nothing heavy until a command runs.
``config``
    The strict ``sources.yaml`` model (``Settings``); errors name the key and the line.
``pipeline``
    ``build()``: the orchestration of one day, step by step (fetch, stories, write, post),
    under the state folder's lock. ``fetch`` runs the sources side by side and archives what
    they read; ``rerun`` keeps the hash of a build's inputs, so a rerun with nothing new
    publishes the saved digest without clustering or writing.
``sources`` (one module per type, ``REGISTRY`` in ``sources/__init__``)
    ``SourceBase.fetch(FetchContext) -> list[Item]``: the base reads the file or URL, applies
    the window and counts what it skips; a type only parses (``parse``) or pages its service
    (``read_service``). Every request goes through ``FetchContext.get`` → ``http.fetch``,
    under the one retry policy of ``retry``.
``archive``
    The SQLite file: items (first sightings kept), validators, the answer cache, posts and
    what they covered, source runs.
``day``
    A day read back from the archive: its items (late ones carried), ranked stories with
    their novelty, earlier posts' sentences.
``stories`` (pure: ``build_stories(items) -> list[Story]``)
    Copies folded (``dedupe``), posts about one event grouped (``cluster``), ranked (``rank``),
    marked new, follow-up or repeat against earlier coverage (``novelty``).
``writer`` (``list[Story]`` → ``Digest``)
    The LLM writer (notes per story, small stories several to a call, then one composing call
    or best-of-N; ``llm`` is the client with its cache, ``llmreply`` and ``llmusage`` its
    decoding and accounting) or the extractive writer used without a model. Every sentence
    passes the checks of ``quality`` and ``screens``; ``scores`` scores a whole post.
``render`` (pure: ``Digest`` → Markdown text)
    Front matter and body from the packaged or the user's templates; ``sites`` holds the site
    profiles (gatsby, hugo, jekyll); ``publish`` places a post (path, kept date, render,
    atomic write).
``state``
    The state folder's layout: archive, saved digests and reports, log, lock, preview folder.
``report``, ``health``
    The run report (stage times, sources, skipped entries, LLM usage) and source health
    across days.
``evaluate``, ``preview``, ``doctor``
    ``digest eval`` (scores a saved post with ``scores``), ``digest preview`` (a real Hugo build),
    ``digest doctor`` (can tomorrow's build run?).
"""
