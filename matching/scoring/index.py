"""The vectorised representation of all postings, built once and scored against many profiles.

`PostingIndex` holds sparse matrices (term frequencies, title tokens, required and preferred
skills) and flat arrays (remote type, annual salary, seniority, posting date, company,
location) with one row per posting. It updates in place (`upsert`, `remove`), names its
content with `version`, and saves to / loads from a NumPy `.npz` file without pickle.
"""

import hashlib
import math
from array import array
from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .features import REMOTE_TYPES, annual_amount, detect_seniority, seniority_rank, seniority_table
from .text import TOKEN_RE, content_tokens, fold, is_content_token, key, tokens

FORMAT_VERSION = 2  # 2: the title_skills matrix
MAX_TOKEN_LENGTH = 40


@lru_cache(maxsize=1)
def title_noise():
    return frozenset(seniority_table()["title_noise"])


def title_tokens(title):
    """Tokens of a job title that say what the job is (seniority words have their own component)."""
    noise = title_noise()
    return list(dict.fromkeys(t for t in content_tokens(title) if t not in noise))


def _epoch(moment):
    return moment.timestamp() if moment is not None else math.nan


class _Vocabulary:
    """Name → column, append-only so existing rows keep their columns when postings are added."""

    def __init__(self, names=()):
        self.names = list(names)
        self.columns = {name: i for i, name in enumerate(self.names)}

    def column(self, name):
        col = self.columns.get(name)
        if col is None:
            col = self.columns[name] = len(self.names)
            self.names.append(name)
        return col

    def columns_of(self, names):
        """The column of each name, in order (new names get the next columns, in order of appearance)."""
        get = self.columns.get
        found = [get(name) for name in names]
        if None in found:
            found = [self.column(name) if col is None else col for name, col in zip(names, found, strict=True)]
        return found

    def __len__(self):
        return len(self.names)


class _TermVocabulary(_Vocabulary):
    """The text terms' vocabulary, which also remembers the tokens it refuses (stop words, bare numbers,
    one letter, longer than MAX_TOKEN_LENGTH): each distinct token of a posting costs one dict lookup,
    the filter and the column lookup at once. The refusals are a private memo, never in `columns`."""

    def __init__(self, names=()):
        super().__init__(names)
        self._memo = dict(self.columns)  # token -> column, or -1 for a token the index does not keep

    def _learn(self, token):
        self._memo[token] = self.column(token) if is_content_token(token, max_length=MAX_TOKEN_LENGTH) else -1
        return self._memo[token]

    def text_columns(self, text):
        """(columns, counts) of the distinct tokens of `text` in order of first mention: the column of each
        content token up to MAX_TOKEN_LENGTH long (what `content_tokens` keeps on the profile's side), -1 for
        each refused one (dropped by the caller, a whole batch at a time)."""
        counts = Counter(TOKEN_RE.findall(fold(text)))
        columns = list(map(self._memo.get, counts))
        if None in columns:
            columns = [self._learn(t) if c is None else c for t, c in zip(counts, columns, strict=True)]
        return columns, counts.values()


def _csr(rows_columns, rows_values, n_rows, n_cols):
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.asarray(rows_columns[1], dtype=np.int64))
    indices = np.frombuffer(rows_columns[0], dtype=np.int32) if len(rows_columns[0]) else np.zeros(0, np.int32)
    values = np.frombuffer(rows_values, dtype=np.float32) if len(rows_values) else np.zeros(0, np.float32)
    return sp.csr_matrix((values.copy(), indices.copy(), indptr), shape=(n_rows, n_cols))


def _kept_terms(term_cols, term_counts, term_vals, n_rows):
    """The (columns, counts-per-row) and values of a batch's term entries without the refused (-1) ones."""
    cols = np.frombuffer(term_cols, dtype=np.int32) if len(term_cols) else np.zeros(0, np.int32)
    keep = cols >= 0
    if keep.all():
        return (term_cols, term_counts), term_vals
    rows = np.repeat(np.arange(n_rows), np.asarray(term_counts, dtype=np.int64))
    per_row = np.bincount(rows[keep], minlength=n_rows)
    return (cols[keep].tobytes(), per_row), np.frombuffer(term_vals, dtype=np.float32)[keep].tobytes()


def _widen(matrix, n_cols):
    """The same CSR matrix with more (empty) columns: vocabularies only grow."""
    if matrix.shape[1] == n_cols:
        return matrix
    return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], n_cols))


class PostingIndex:
    def __init__(self):
        self.terms = _TermVocabulary()
        self.title_terms = _Vocabulary()
        self.skills = _Vocabulary()  # skill keys (folded canonical names)
        self.skill_names = []  # display name per skill column
        self.companies = _Vocabulary()
        self.locations = _Vocabulary()  # location keys; display names in location_names
        self.location_names = []
        self.currencies = _Vocabulary([""])
        self.ids = np.zeros(0, dtype=np.int64)
        self.fingerprints = np.zeros(0, dtype="<U1")
        self.tf = sp.csr_matrix((0, 0), dtype=np.float32)
        self.df = np.zeros(0, dtype=np.int64)
        self.title = sp.csr_matrix((0, 0), dtype=np.float32)
        self.required = sp.csr_matrix((0, 0), dtype=np.float32)
        self.preferred = sp.csr_matrix((0, 0), dtype=np.float32)
        self.title_skills = sp.csr_matrix((0, 0), dtype=np.float32)  # skills named in the title
        self.remote = np.zeros(0, dtype=np.int8)
        self.salary_min = np.zeros(0)
        self.salary_max = np.zeros(0)
        self.currency = np.zeros(0, dtype=np.int32)
        self.seniority = np.zeros(0, dtype=np.int8)
        self.posted_at = np.zeros(0)
        self.company = np.zeros(0, dtype=np.int32)
        self.location = np.zeros(0, dtype=np.int32)
        self.embeddings = None  # float32 (n, d), L2-normalised, when semantic mode built them
        self.version = self._content_version()
        self._derived = None

    # Building and updating

    @classmethod
    def build(cls, postings, *, embed=None):
        """Index `postings` (PostingFeatures); `embed(texts) -> array` adds the semantic vectors."""
        index = cls()
        index.upsert(postings, embed=embed)
        return index

    def __len__(self):
        return len(self.ids)

    def upsert(self, postings, *, embed=None):
        """Add new postings and replace the rows of postings already indexed (same id)."""
        return self.upsert_batches([postings], embed=embed)

    def upsert_batches(self, batches, *, embed=None, on_batch=None):
        """`upsert` of each batch in turn (an iterable of lists of postings, read one at a time), with
        the rows stacked onto the index once at the end: a cold build of many batches copies its
        matrices once, not once per batch. `on_batch(n)` is called after each batch is encoded."""
        if embed is not None or self.embeddings is not None:
            if embed is None:
                raise ValueError("this index carries embeddings: pass embed= to add postings to it")
            if self.embeddings is None and len(self.ids):
                raise ValueError("this index was built without embeddings: rebuild it with embed=")
        segments, id_parts, vectors = [], [], []
        for batch in batches:
            postings = list({p.id: p for p in batch}.values())  # the last record of an id wins
            if not postings:
                continue
            new_ids = np.asarray([p.id for p in postings])
            if len(self.ids):
                self._drop_rows(np.isin(self.ids, new_ids))
            segments.append(self._encode(postings))
            id_parts.append(new_ids)
            if embed is not None:
                vectors.append(_normalise_rows(np.asarray(embed([_embedding_text(p) for p in postings]),
                                                          dtype=np.float32)))
            if on_batch is not None:
                on_batch(len(postings))
        if not segments:
            return self
        segment, new_ids = self._stack_segments(segments), np.concatenate(id_parts)
        vectors = np.vstack(vectors) if vectors else None
        if len(np.unique(new_ids)) != len(new_ids):  # an id in two batches: its last record wins
            _, last_first = np.unique(new_ids[::-1], return_index=True)
            rows = np.sort(len(new_ids) - 1 - last_first)
            segment = {name: value[rows] for name, value in segment.items()}
            new_ids, vectors = new_ids[rows], (vectors[rows] if vectors is not None else None)
        if vectors is not None:
            self.embeddings = vectors if self.embeddings is None else np.vstack([self.embeddings, vectors])
        self._append(segment, new_ids)
        return self

    def _stack_segments(self, segments):
        if len(segments) == 1:
            return segments[0]
        widths = self._widths()
        return {name: (sp.vstack([_widen(part[name], widths[name]) for part in segments], format="csr",
                                 dtype=np.float32) if name in self._ROW_MATRICES
                       else np.concatenate([part[name] for part in segments]))
                for name in segments[0]}

    def _widths(self):
        return {"tf": len(self.terms), "title": len(self.title_terms), "required": len(self.skills),
                "preferred": len(self.skills), "title_skills": len(self.skills)}

    def remove(self, ids):
        """Drop the postings with these ids (gone from their feed, or deleted)."""
        if len(self.ids):
            self._drop_rows(np.isin(self.ids, np.asarray(list(ids))))
            self.version = self._content_version()
        return self

    def _encode(self, postings):
        term_cols, term_counts, term_vals = array("i"), [], array("f")
        title_cols, title_counts = array("i"), []
        req_cols, req_counts, pref_cols, pref_counts = array("i"), [], array("i"), []
        named_cols, named_counts = array("i"), []
        columns = {"remote": [], "salary_min": [], "salary_max": [], "currency": [], "seniority": [],
                   "posted_at": [], "company": [], "location": [], "fingerprint": []}
        for posting in postings:
            cols, counts = self.terms.text_columns(f"{posting.title}\n{posting.text}")
            term_cols.extend(cols)
            term_vals.extend(counts)
            term_counts.append(len(cols))
            words = title_tokens(posting.title)
            title_cols.extend(self.title_terms.columns_of(words))
            title_counts.append(len(words))
            # Without a required/preferred split every listed skill counts as required.
            split = posting.required_skills or posting.preferred_skills
            required = list(dict.fromkeys(key(s) for s in (posting.required_skills if split else posting.skills)))
            preferred = [k for k in dict.fromkeys(key(s) for s in posting.preferred_skills) if k not in required]
            display = {key(s): s for s in [*posting.skills, *posting.required_skills, *posting.preferred_skills,
                                           *posting.title_skills]}
            named = list(dict.fromkeys(key(s) for s in posting.title_skills))
            for names, cols, counts_list in ((required, req_cols, req_counts), (preferred, pref_cols, pref_counts),
                                             (named, named_cols, named_counts)):
                for name in names:
                    col = self.skills.column(name)
                    if col == len(self.skill_names):
                        self.skill_names.append(display[name])
                    cols.append(col)
                counts_list.append(len(names))
            columns["remote"].append(REMOTE_TYPES.index(posting.remote_type) if posting.remote_type in REMOTE_TYPES else 3)
            columns["salary_min"].append(annual_amount(posting.salary_min, posting.salary_period) or math.nan)
            columns["salary_max"].append(annual_amount(posting.salary_max, posting.salary_period) or math.nan)
            columns["currency"].append(self.currencies.column((posting.salary_currency or "").upper()))
            columns["seniority"].append(seniority_rank(posting.seniority or detect_seniority(posting.title)))
            columns["posted_at"].append(_epoch(posting.posted_at))
            columns["company"].append(self.companies.column(key(posting.company)))
            location = self.locations.column(key(posting.location))
            if location == len(self.location_names):
                self.location_names.append(" ".join((posting.location or "").split()))
            columns["location"].append(location)
            columns["fingerprint"].append(posting.fingerprint or "")
        n = len(postings)
        tf = _csr(*_kept_terms(term_cols, term_counts, term_vals, n), n, len(self.terms))
        tf.data = 1.0 + np.log(tf.data, dtype=np.float32)  # sublinear term frequency
        ones = lambda cols: array("f", [1.0]) * len(cols)  # noqa: E731 (binary matrices)
        return {
            "tf": tf,
            "title": _csr((title_cols, title_counts), ones(title_cols), n, len(self.title_terms)),
            "required": _csr((req_cols, req_counts), ones(req_cols), n, len(self.skills)),
            "preferred": _csr((pref_cols, pref_counts), ones(pref_cols), n, len(self.skills)),
            "title_skills": _csr((named_cols, named_counts), ones(named_cols), n, len(self.skills)),
            "remote": np.asarray(columns["remote"], dtype=np.int8),
            "salary_min": np.asarray(columns["salary_min"], dtype=np.float64),
            "salary_max": np.asarray(columns["salary_max"], dtype=np.float64),
            "currency": np.asarray(columns["currency"], dtype=np.int32),
            "seniority": np.asarray(columns["seniority"], dtype=np.int8),
            "posted_at": np.asarray(columns["posted_at"], dtype=np.float64),
            "company": np.asarray(columns["company"], dtype=np.int32),
            "location": np.asarray(columns["location"], dtype=np.int32),
            "fingerprints": np.asarray(columns["fingerprint"], dtype=str),
        }

    _ROW_ARRAYS = ("remote", "salary_min", "salary_max", "currency", "seniority", "posted_at", "company", "location")
    _ROW_MATRICES = ("tf", "title", "required", "preferred", "title_skills")

    def _append(self, segment, new_ids):
        widths = self._widths()
        for name in self._ROW_MATRICES:
            old, new = _widen(getattr(self, name), widths[name]), _widen(segment[name], widths[name])
            if old.shape[0] == 0:
                old = sp.csr_matrix((0, widths[name]), dtype=np.float32)
            setattr(self, name, sp.vstack([old, new], format="csr", dtype=np.float32))
        for name in self._ROW_ARRAYS:
            setattr(self, name, np.concatenate([getattr(self, name), segment[name]]))
        self.ids = np.concatenate([self.ids, new_ids]) if len(self.ids) else new_ids
        self.fingerprints = np.concatenate([self.fingerprints, segment["fingerprints"]])
        df_new = np.bincount(segment["tf"].indices, minlength=len(self.terms))
        self.df = np.concatenate([self.df, np.zeros(len(self.terms) - len(self.df), dtype=np.int64)]) + df_new
        self.version = self._content_version()
        self._derived = None

    def _drop_rows(self, drop):
        if not drop.any():
            return
        keep = ~drop
        removed_tf = self.tf[np.flatnonzero(drop)]
        self.df = self.df - np.bincount(removed_tf.indices, minlength=len(self.df))
        for name in self._ROW_MATRICES:
            setattr(self, name, getattr(self, name)[np.flatnonzero(keep)])
        for name in self._ROW_ARRAYS:
            setattr(self, name, getattr(self, name)[keep])
        self.ids, self.fingerprints = self.ids[keep], self.fingerprints[keep]
        if self.embeddings is not None:
            self.embeddings = self.embeddings[keep]
        self._derived = None

    def _content_version(self):
        digest = hashlib.sha256(f"jobly-posting-index:{FORMAT_VERSION}\n".encode())
        for posting_id, fingerprint in zip(self.ids.tolist(), self.fingerprints.tolist(), strict=True):
            digest.update(f"{posting_id}:{fingerprint}\n".encode())
        if self.embeddings is not None:
            digest.update(f"embeddings:{self.embeddings.shape[1]}".encode())
        return f"{FORMAT_VERSION}-{len(self.ids)}-{digest.hexdigest()[:16]}"

    def subset(self, rows):
        """A view of some rows (new postings) scored with this index's vocabularies and IDF, so their
        scores equal what ranking the whole index would give them."""
        rows = np.asarray(rows, dtype=np.int64)
        view = PostingIndex.__new__(PostingIndex)
        view.__dict__.update(self.__dict__)
        for name in self._ROW_MATRICES:
            setattr(view, name, getattr(self, name)[rows])
        for name in self._ROW_ARRAYS:
            setattr(view, name, getattr(self, name)[rows])
        view.ids, view.fingerprints = self.ids[rows], self.fingerprints[rows]
        view.embeddings = self.embeddings[rows] if self.embeddings is not None else None
        parent = self.derived()
        view._derived = {
            "skill_idf": parent["skill_idf"], "idf": parent["idf"], "row_norms": {},
            "location_words": parent["location_words"],
            "title_len": parent["title_len"][rows], "required_count": parent["required_count"][rows],
            "preferred_count": parent["preferred_count"][rows], "salary_top": parent["salary_top"][rows],
        }
        return view

    # Derived arrays, computed once per content version and shared by every profile ranked

    def derived(self):
        if self._derived is None:
            n = len(self.ids)
            idf = (np.log((1.0 + n) / (1.0 + self.df)) + 1.0).astype(np.float32)
            skill_df = np.bincount(np.concatenate([self.required.indices, self.preferred.indices]),
                                   minlength=len(self.skills))
            self._derived = {
                "skill_idf": (np.log((1.0 + n) / (1.0 + skill_df)) + 1.0).astype(np.float32),
                "idf": idf,
                "row_norms": {},  # IDF power → TF-IDF norm of each row, see text_row_norm
                "location_words": [],
                "title_len": np.diff(self.title.indptr).astype(np.float32),
                "required_count": np.diff(self.required.indptr).astype(np.float32),
                "preferred_count": np.diff(self.preferred.indptr).astype(np.float32),
                "salary_top": np.where(np.isnan(self.salary_max), self.salary_min, self.salary_max),
            }
        return self._derived

    def location_words(self):
        """The word set of each distinct location (cached until the index changes)."""
        derived = self.derived()
        if len(derived["location_words"]) != len(self.locations):
            derived["location_words"] = [frozenset(tokens(name)) for name in self.locations.names]
        return derived["location_words"]

    def text_row_norm(self, idf_power):
        """TF-IDF length of each posting's text with IDF raised to `idf_power` (cached per power)."""
        derived = self.derived()
        if idf_power not in derived["row_norms"]:
            idf = derived["idf"] ** idf_power
            norm = np.sqrt(self.tf.multiply(self.tf) @ (idf * idf))
            derived["row_norms"][idf_power] = np.where(norm > 0, norm, 1.0).astype(np.float32)
        return derived["row_norms"][idf_power]

    # Persistence (a single .npz, no pickle)

    def save(self, path):
        arrays = {"format_version": np.asarray(FORMAT_VERSION), "version": np.asarray(self.version),
                  "ids": self.ids, "fingerprints": self.fingerprints, "df": self.df}
        for name in self._ROW_MATRICES:
            matrix = getattr(self, name)
            arrays.update({f"{name}.data": matrix.data, f"{name}.indices": matrix.indices,
                           f"{name}.indptr": matrix.indptr, f"{name}.shape": np.asarray(matrix.shape)})
        for name in self._ROW_ARRAYS:
            arrays[name] = getattr(self, name)
        for name in ("terms", "title_terms", "skills", "companies", "locations", "currencies"):
            arrays[f"vocab.{name}"] = np.asarray(getattr(self, name).names, dtype=str)
        arrays["skill_names"] = np.asarray(self.skill_names, dtype=str)
        arrays["location_names"] = np.asarray(self.location_names, dtype=str)
        if self.embeddings is not None:
            arrays["embeddings"] = self.embeddings
        np.savez(path, **arrays)

    @classmethod
    def load(cls, path):
        """Load a saved index; raises ValueError for a file of another format version (rebuild it)."""
        with np.load(path, allow_pickle=False) as stored:
            if int(stored["format_version"]) != FORMAT_VERSION:
                raise ValueError(f"posting index format {int(stored['format_version'])} != {FORMAT_VERSION}")
            index = cls()
            index.ids, index.fingerprints, index.df = stored["ids"], stored["fingerprints"], stored["df"]
            for name in cls._ROW_MATRICES:
                shape = tuple(int(x) for x in stored[f"{name}.shape"])
                setattr(index, name, sp.csr_matrix(
                    (stored[f"{name}.data"], stored[f"{name}.indices"], stored[f"{name}.indptr"]), shape=shape))
            for name in cls._ROW_ARRAYS:
                setattr(index, name, stored[name])
            for name in ("terms", "title_terms", "skills", "companies", "locations", "currencies"):
                vocabulary = _TermVocabulary if name == "terms" else _Vocabulary
                setattr(index, name, vocabulary(stored[f"vocab.{name}"].tolist()))
            index.skill_names = stored["skill_names"].tolist()
            index.location_names = stored["location_names"].tolist()
            index.embeddings = stored["embeddings"] if "embeddings" in stored.files else None
            index.version = str(stored["version"])
        return index


def _embedding_text(posting):
    return f"{posting.title}. {posting.text}"[:2000]


def _normalise_rows(matrix):
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)
