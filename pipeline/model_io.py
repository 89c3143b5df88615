"""Saving and loading trained models with skops, never pickle; exporting them as arrays + JSON.

A skops file can name any Python type; loading it would import and build those types. So every
load checks the types the file asks for against an explicit allowlist (:data:`TRUSTED_TYPES`)
and refuses the file, with :class:`~pipeline.errors.UntrustedModelError`, when it names anything
else. The allowlist covers exactly what ``statute train`` writes: scikit-learn text pipelines
(TF-IDF, feature unions, linear models, calibration, one-vs-rest) and plain containers.

The run path does not read skops files when the ``.npz`` + ``.json`` pair that
:func:`export_linear` writes next to them exists (:mod:`pipeline.linear` scores those with numpy
alone); skops files stay the full record for notebooks and retraining.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ModelError, UntrustedModelError

#: Types (beyond skops' own defaults) that files written by ``statute train`` may contain.
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "builtins.dict",
        "builtins.list",
        "builtins.tuple",
        "builtins.str",
        "builtins.float",
        "builtins.int",
        "builtins.bool",
        "builtins.NoneType",
        "builtins.slice",
        "collections.OrderedDict",
        "collections.defaultdict",
        "numpy.dtype",
        "numpy.ndarray",
        "numpy.float64",
        "numpy.float32",
        "numpy.int64",
        "numpy.int32",
        "numpy.bool_",
        "scipy.sparse._csr.csr_matrix",
        "scipy.sparse._csc.csc_matrix",
        "sklearn.pipeline.Pipeline",
        "sklearn.pipeline.FeatureUnion",
        "sklearn.feature_extraction.text.TfidfVectorizer",
        "sklearn.feature_extraction.text.TfidfTransformer",
        "sklearn.feature_extraction.text.CountVectorizer",
        "sklearn.preprocessing._function_transformer.FunctionTransformer",
        "sklearn.preprocessing._data.MaxAbsScaler",
        "sklearn.preprocessing._label.LabelBinarizer",
        "sklearn.preprocessing._label.MultiLabelBinarizer",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.svm._classes.LinearSVC",
        "sklearn.multiclass.OneVsRestClassifier",
        "sklearn.multiclass._ConstantPredictor",
        "sklearn.compose._column_transformer.ColumnTransformer",
        "sklearn.multioutput.MultiOutputClassifier",
        "sklearn.calibration.CalibratedClassifierCV",
        "sklearn.calibration._CalibratedClassifier",
        "sklearn.calibration._SigmoidCalibration",
        "sklearn.isotonic.IsotonicRegression",
        "sklearn.dummy.DummyClassifier",
        "sklearn.utils._bunch.Bunch",
    }
)


def _children(estimator: Any) -> list[tuple[str, Any]]:
    if hasattr(estimator, "steps"):
        pairs = list(estimator.steps)
    elif hasattr(estimator, "transformers_"):
        pairs = [(name, step) for name, step, _ in estimator.transformers_]
    elif hasattr(estimator, "transformer_list"):
        pairs = list(estimator.transformer_list)
    else:
        pairs = []
    return [(name, step) for name, step in pairs if not isinstance(step, str) and step is not None]


def _vectorizers(estimator: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """``(path, vectorizer)`` for every text vectorizer (fitted or not) inside a pipeline."""
    found = []
    if hasattr(estimator, "build_analyzer"):
        found.append((prefix, estimator))
    for name, child in _children(estimator):
        found += _vectorizers(child, f"{prefix}/{name}")
    return found


def dump_model(obj: Any, path: str | Path) -> Path:
    """Write ``obj`` to ``path`` with ``skops.io.dump`` (deflate-compressed, creating the folder).

    In a model bundle (a dict with a ``"pipeline"``), each fitted vectorizer's ``vocabulary_``
    dict is saved as one numpy string array under ``"_vocabularies"`` instead: 80,000 terms as a
    skops dict are 80,000 schema nodes (a 70 MB file that takes ~40 s to load), as a ``<U``
    array one ``.npy`` entry (no pickle) that loads in milliseconds. :func:`load_model` puts the
    dicts back. The caller's objects are left as they were.
    """
    import zipfile

    import numpy as np
    import skops.io as sio

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (isinstance(obj, dict) and "pipeline" in obj):
        sio.dump(obj, path, compression=zipfile.ZIP_DEFLATED)
        return path
    fitted = [(p, v) for p, v in _vectorizers(obj["pipeline"]) if hasattr(v, "vocabulary_")]
    vocabularies = {}
    for vectorizer_path, vectorizer in fitted:
        terms = [""] * len(vectorizer.vocabulary_)
        for term, index in vectorizer.vocabulary_.items():
            terms[int(index)] = term
        vocabularies[vectorizer_path] = np.array(terms, dtype=str)
    saved = [(v, v.vocabulary_) for _, v in fitted]
    try:
        for vectorizer, _ in saved:
            del vectorizer.vocabulary_
        sio.dump({**obj, "_vocabularies": vocabularies}, path, compression=zipfile.ZIP_DEFLATED)
    finally:
        for vectorizer, vocabulary in saved:
            vectorizer.vocabulary_ = vocabulary
    return path


def _feature_spec(name: str, column: Any, vectorizer: Any, offset: int, arrays: dict) -> dict:
    import numpy as np

    params = vectorizer.get_params()
    if params["analyzer"] not in ("word", "char_wb") or params["tokenizer"] or params["preprocessor"] \
            or params["stop_words"] or params["strip_accents"] or params["input"] != "content":
        raise ModelError(f"feature {name!r}: vectoriser settings the numpy scorer does not reproduce")
    terms = [""] * len(vectorizer.vocabulary_)
    for term, index in vectorizer.vocabulary_.items():
        terms[int(index)] = term
    arrays[f"{name}.vocabulary"] = np.array(terms, dtype=str)
    tfidf = hasattr(vectorizer, "idf_") or hasattr(vectorizer, "_tfidf")
    if tfidf and getattr(vectorizer, "use_idf", False):
        arrays[f"{name}.idf"] = np.asarray(vectorizer.idf_)
    dtype = np.dtype(params["dtype"]).name
    return {"name": name, "column": column, "analyzer": params["analyzer"],
            "ngram_range": list(params["ngram_range"]), "lowercase": bool(params["lowercase"]),
            "token_pattern": params["token_pattern"], "binary": bool(params["binary"]),
            "sublinear_tf": bool(params.get("sublinear_tf", False)) if tfidf else False,
            "norm": params.get("norm") if tfidf else None, "dtype": dtype, "offset": offset}


def export_linear(bundle: dict, stem: str | Path) -> tuple[Path, Path]:
    """Write a trained bundle's linear pipeline as ``stem.npz`` (arrays) + ``stem.json`` (settings).

    The pair is what the run path reads (:func:`pipeline.linear.read_linear`, numpy only): the
    vocabularies (string arrays), idf weights, coefficients and intercepts, and every other field of
    the bundle (labels, calibration, thresholds, version...) as JSON. Handles the two shapes
    ``statute train`` fits: ``ColumnTransformer`` of vectorisers -> one-vs-rest linear models, and
    one vectoriser -> binary logistic regression. Deterministic: the same bundle gives the same bytes
    (the npz entries carry a fixed timestamp).
    """
    import io
    import json
    import zipfile

    import numpy as np

    from pipeline.linear import FORMAT, linear_paths

    pipeline = bundle["pipeline"]
    first, last = pipeline.steps[0][1], pipeline.steps[-1][1]
    arrays: dict[str, Any] = {}
    features = []
    if hasattr(first, "transformers_"):
        for name, vectorizer, column in first.transformers_:
            if name == "remainder" or vectorizer == "drop":
                continue
            features.append(_feature_spec(name, column, vectorizer, first.output_indices_[name].start, arrays))
    else:
        features.append(_feature_spec(pipeline.steps[0][0], None, first, 0, arrays))
    n_features = sum(len(arrays[f"{f['name']}.vocabulary"]) for f in features)
    if hasattr(last, "estimators_"):  # one-vs-rest: one row per label
        coef, intercept = [], []
        for estimator in last.estimators_:
            if hasattr(estimator, "coef_"):
                coef.append(np.asarray(estimator.coef_, dtype=np.float64).reshape(-1))
                intercept.append(float(np.ravel(estimator.intercept_)[0]))
            else:  # _ConstantPredictor: its decision value is the constant label
                coef.append(np.zeros(n_features))
                intercept.append(float(np.ravel(estimator.y_)[0]))
        kind = "decision"
        arrays["coef"], arrays["intercept"] = np.vstack(coef), np.array(intercept)
    else:
        if len(getattr(last, "classes_", ())) != 2:
            raise ModelError("only binary logistic models are exported")
        kind = "logistic"
        arrays["coef"] = np.asarray(last.coef_, dtype=np.float64)
        arrays["intercept"] = np.asarray(last.intercept_, dtype=np.float64)
    meta = {key: value for key, value in bundle.items() if key != "pipeline"}
    meta = {"format": FORMAT, **json.loads(json.dumps(meta, default=_plain)),
            "model": {"kind": kind, "features": features, "n_features": n_features}}
    arrays_path, meta_path = linear_paths(stem)
    arrays_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(arrays_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(arrays):
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
    meta_path.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return arrays_path, meta_path


def _plain(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _unpack_vocabularies(obj: Any) -> Any:
    if isinstance(obj, dict) and "_vocabularies" in obj:
        packed = obj.pop("_vocabularies")
        for vectorizer_path, vectorizer in _vectorizers(obj["pipeline"]):
            if vectorizer_path in packed:
                vectorizer.vocabulary_ = {str(term): i for i, term in enumerate(packed[vectorizer_path].tolist())}
    return obj


def named_types(path: str | Path) -> set[str]:
    """Every ``module.name`` the skops file at ``path`` would build or import.

    Read from the file's ``schema.json`` (every node names its type; function and type nodes
    also name what they reference). skops' own ``get_untrusted_types`` only lists types outside
    its default-trusted set, which includes every scikit-learn estimator; the project's rule is
    stricter: *everything* must be on :data:`TRUSTED_TYPES`.
    """
    import json
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
    except Exception as exc:  # zip errors, missing schema: not a skops file we can read
        raise ModelError(f"{Path(path).name}: not a readable skops model file ({exc.__class__.__name__})",
                         path=str(path)) from exc
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__module__" in node and "__class__" in node:
                found.add(f"{node['__module__']}.{node['__class__']}")
            loader = node.get("__loader__")
            content = node.get("content")
            if loader in ("FunctionNode", "TypeNode", "MethodNode") and isinstance(content, dict):
                module = content.get("module_path")
                name = content.get("function") or content.get("class") or content.get("name")
                if module and name:
                    found.add(f"{module}.{name}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def untrusted_types(path: str | Path) -> list[str]:
    """The types named in the skops file at ``path`` that are not on :data:`TRUSTED_TYPES`."""

    return sorted(t for t in named_types(path) if t not in TRUSTED_TYPES)


def load_model(path: str | Path) -> Any:
    """Load a skops file after checking every type it names against :data:`TRUSTED_TYPES`.

    Raises :class:`UntrustedModelError` (one line, naming the first offending types) when the
    file asks for anything outside the allowlist, and :class:`ModelError` when it is unreadable.
    The file is read by :func:`read_skops` (no ``skops.io`` import, which costs seconds because it
    imports every scikit-learn estimator to build its default trust list).
    """
    path = Path(path)
    bad = untrusted_types(path)
    if bad:
        shown = ", ".join(bad[:3]) + (f" and {len(bad) - 3} more" if len(bad) > 3 else "")
        raise UntrustedModelError(f"{path.name}: refusing to load model with untrusted types: {shown}",
                                  path=str(path))
    try:
        return _unpack_vocabularies(read_skops(path))
    except UntrustedModelError:
        raise
    except Exception as exc:
        raise ModelError(f"{path.name}: could not load model ({exc.__class__.__name__}: {exc})",
                         path=str(path)) from exc


#: The skops node kinds :func:`read_skops` builds; a file using any other kind is refused.
SKOPS_LOADERS = frozenset({"DictNode", "ListNode", "TupleNode", "JsonNode", "TypeNode", "ObjectNode",
                           "NdArrayNode", "SliceNode"})


def read_skops(path: str | Path) -> Any:
    """Rebuild the object of a skops file (protocol 2) from its ``schema.json`` and ``.npy`` entries.

    The same construction as ``skops.io.load`` for the node kinds in :data:`SKOPS_LOADERS`:
    objects are made with ``cls.__new__`` and their state set (never unpickled), arrays are read
    with ``numpy.load(allow_pickle=False)``, and objects with a saved ``__id__`` are shared. Every
    type is checked against :data:`TRUSTED_TYPES` before it is imported.
    """
    import io
    import json
    import zipfile
    from importlib import import_module

    import numpy as np

    path = Path(path)
    memo: dict[Any, Any] = {}

    def type_of(node: dict) -> Any:
        name = f"{node['__module__']}.{node['__class__']}"
        if name not in TRUSTED_TYPES:
            raise UntrustedModelError(f"{path.name}: refusing to load model with untrusted types: {name}",
                                      path=str(path))
        return getattr(import_module(node["__module__"]), node["__class__"])

    with zipfile.ZipFile(path) as archive:

        def build(node: dict) -> Any:
            saved_id = node.get("__id__")
            if saved_id is not None and saved_id in memo:
                return memo[saved_id]
            loader = node.get("__loader__")
            if loader not in SKOPS_LOADERS:
                raise UntrustedModelError(f"{path.name}: refusing to load model node {loader!r}", path=str(path))
            value = construct(loader, node)
            if saved_id is not None:
                memo[saved_id] = value
            return value

        def construct(loader: str, node: dict) -> Any:
            if loader == "JsonNode":
                return json.loads(node["content"])
            if loader == "TypeNode":
                return type_of(node)
            if loader == "SliceNode":
                content = node["content"]
                return slice(content["start"], content["stop"], content["step"])
            if loader == "ListNode":
                return type_of(node)([build(item) for item in node["content"]])
            if loader == "TupleNode":
                if type_of(node) is not tuple:
                    raise UntrustedModelError(f"{path.name}: refusing a named tuple", path=str(path))
                return tuple(build(item) for item in node["content"])
            if loader == "DictNode":
                out = type_of(node)()
                key_types = build(node["key_types"])
                for key_type, (key, value) in zip(key_types, node["content"].items()):
                    out[key_type(key)] = build(value)
                return out
            if loader == "NdArrayNode":
                if node["type"] == "numpy":
                    array = np.load(io.BytesIO(archive.read(node["file"])), allow_pickle=False)
                    cls = type_of(node)
                    return array if cls is np.ndarray else cls(array)
                if node["type"] != "json":
                    raise ModelError(f"{path.name}: unknown array node type {node['type']!r}", path=str(path))
                type_of(node)
                shape = build(node["shape"])
                items = [build(item) for item in node["content"]]
                if len(shape) == 1:
                    array = np.ndarray(shape=len(items), dtype="O")
                    for i, item in enumerate(items):
                        array[i] = item
                    return array
                return np.array(items, dtype="O")
            # ObjectNode: bypass __init__, then set the saved state
            cls = type_of(node)
            instance = cls.__new__(cls)
            # register before the state is built, as skops does, so the state may refer back to it
            if node.get("__id__") is not None:
                memo[node["__id__"]] = instance
            if node.get("content") is not None:
                attrs = build(node["content"])
                if attrs is not None:
                    if hasattr(instance, "__setstate__"):
                        instance.__setstate__(attrs)
                    else:
                        instance.__dict__.update(attrs)
            return instance

        schema = json.loads(archive.read("schema.json"))
        if schema.get("protocol") != 2:
            raise ModelError(f"{path.name}: unsupported skops protocol {schema.get('protocol')!r}", path=str(path))
        return build(schema)


@lru_cache(maxsize=8)
def cached_model(path: str, mtime_ns: int) -> Any:
    """:func:`load_model`, cached per (path, modification time) so a retrained file is reloaded."""
    return load_model(path)


@lru_cache(maxsize=8)
def cached_linear(stem: str, mtimes: tuple[int, int]) -> Any:
    """:func:`pipeline.linear.read_linear`, cached per (stem, modification times)."""
    from pipeline.linear import read_linear

    return read_linear(stem)


def load_cached(path: str | Path) -> Any | None:
    """The model at ``path`` loaded once per process, or ``None`` when there is none.

    The ``.npz`` + ``.json`` pair next to ``path`` (:func:`export_linear`) is read when present
    (numpy only, no scikit-learn import); otherwise the ``.skops`` file itself (the slow path,
    which imports scikit-learn: run ``statute train --convert`` once to write the pair).
    """
    from pipeline.linear import linear_paths

    path = Path(path)
    arrays, meta = linear_paths(path)
    try:
        mtimes = (arrays.stat().st_mtime_ns, meta.stat().st_mtime_ns)
    except FileNotFoundError:
        pass
    else:
        return cached_linear(str(path.with_suffix("")), mtimes)
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return cached_model(str(path), mtime)
