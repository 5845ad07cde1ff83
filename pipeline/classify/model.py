"""The theme classifier: one scikit-learn pipeline plus per-theme thresholds.

``ThemeClassifier`` is an estimator in scikit-learn's style: ``__init__`` only
stores parameters, ``fit(texts, Y)`` learns and returns ``self``, learned state
ends in ``_``. Inside is one ``Pipeline`` (features -> one-vs-rest logistic
regression) saved with joblib. Probabilities of a balanced logistic regression
are not calibrated to 0.5, and themes differ in how rare and how lexically
marked they are, so each theme gets its own decision threshold, chosen on
5-fold cross-validated predictions of the *training* data only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold, cross_val_predict
from sklearn.multiclass import OneVsRestClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from pipeline.classify.councils import council_keys, gate_codes
from pipeline.classify.features import build_features
from pipeline.codebook import Codebook

#: Candidate thresholds searched per theme.
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


class ThemeClassifier(BaseEstimator):
    """Multi-label classifier of Danish answers into the themes of a codebook.

    Parameters
    ----------
    codebook:
        The coding frame; its theme order is the column order of ``Y`` and of
        every output, and its keyword patterns become features.
    C:
        Inverse regularisation strength of each theme's logistic regression.
    char_ngram_range, word_ngram_range, min_df, fold_ascii, keyword_weight:
        Feature settings, see :func:`pipeline.classify.features.build_features`.
    classifier:
        ``"logreg"`` (balanced logistic regression), ``"svm"`` (balanced linear
        SVM with sigmoid calibration) or ``"nb"`` (complement naive Bayes); the
        default won the cross-validated comparison in ``pipeline.classify.select``.
    cv:
        Folds for the cross-validated predictions that choose the thresholds.
    threshold_folds:
        ``"random"`` (shuffled k-fold) or ``"groups"``: folds that keep each
        group given to :meth:`fit` (a writer) whole, so the thresholds are
        chosen on predictions for writers the fold's model never saw, as real
        answers will be. Without groups, ``"groups"`` falls back to random folds.
    random_state:
        Seed of the fold shuffling and of liblinear's coordinate order, so that
        ``make train`` reproduces the same model from the same data.
    """

    def __init__(
        self,
        codebook: Codebook | None = None,
        *,
        C: float = 10.0,
        char_ngram_range: tuple[int, int] = (2, 5),
        word_ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        fold_ascii: bool = False,
        keyword_weight: float = 0.25,
        classifier: str = "logreg",
        cv: int = 5,
        threshold_folds: str = "random",
        random_state: int = 0,
        n_jobs: int | None = None,
    ) -> None:
        self.codebook = codebook
        self.C = C
        self.char_ngram_range = char_ngram_range
        self.word_ngram_range = word_ngram_range
        self.min_df = min_df
        self.fold_ascii = fold_ascii
        self.keyword_weight = keyword_weight
        self.classifier = classifier
        self.cv = cv
        self.threshold_folds = threshold_folds
        self.random_state = random_state
        self.n_jobs = n_jobs

    # -- fitting -----------------------------------------------------------------
    def _make_pipeline(self) -> Pipeline:
        features = build_features(
            self.codebook,
            char_ngram_range=tuple(self.char_ngram_range),
            word_ngram_range=tuple(self.word_ngram_range),
            min_df=self.min_df,
            fold_ascii=self.fold_ascii,
            keyword_weight=self.keyword_weight,
        )
        return Pipeline([("features", features), ("clf", OneVsRestClassifier(self._base()))])

    def _base(self) -> BaseEstimator:
        if self.classifier == "logreg":
            # The dual problem is the small one here (far more features than
            # answers): same optimum as the primal, ~40x faster to fit.
            return LogisticRegression(
                C=self.C,
                class_weight="balanced",
                solver="liblinear",
                dual=True,
                max_iter=2000,
                random_state=self.random_state,  # liblinear's dual solver shuffles
            )
        if self.classifier == "svm":
            svm = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
            return CalibratedClassifierCV(svm, method="sigmoid", cv=3)
        if self.classifier == "nb":
            return ComplementNB(alpha=1.0 / self.C)
        raise ValueError(f"classifier must be 'logreg', 'svm' or 'nb'; got {self.classifier!r}")

    def fit(
        self, texts: Sequence[str], Y: np.ndarray, groups: Sequence[str] | None = None
    ) -> ThemeClassifier:
        """Learn from answers ``texts`` and their 0/1 theme matrix ``Y`` (n x themes).

        ``groups`` (the writer of each answer) is used only with
        ``threshold_folds="groups"``.
        """
        if self.codebook is None:
            raise ValueError("ThemeClassifier needs a codebook")
        texts = _as_texts(texts)
        Y = np.asarray(Y, dtype=np.int8)
        k = len(self.codebook.theme_ids)
        if Y.ndim != 2 or Y.shape != (len(texts), k):
            raise ValueError(
                f"Y must have shape ({len(texts)}, {k}) for the codebook's themes "
                f"{self.codebook.theme_ids}; got {Y.shape}"
            )
        if self.threshold_folds not in ("random", "groups"):
            raise ValueError(
                f"threshold_folds must be 'random' or 'groups'; got {self.threshold_folds!r}"
            )
        n_groups = len(set(groups)) if groups is not None else 0
        if self.threshold_folds == "groups" and n_groups >= 2:
            folds = GroupKFold(n_splits=min(self.cv, n_groups))
        else:
            folds = KFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            groups = None
        oof = cross_val_predict(
            self._make_pipeline(), texts, Y, groups=None if groups is None else np.asarray(groups),
            cv=folds, method="predict_proba", n_jobs=self.n_jobs,
        )
        self.oof_proba_ = np.asarray(oof)
        self.thresholds_ = {
            tid: choose_threshold(Y[:, j], self.oof_proba_[:, j])
            for j, tid in enumerate(self.codebook.theme_ids)
        }
        self.pipeline_ = self._make_pipeline().fit(texts, Y)
        # set by training on whole councils (pipeline.classify.train); none by default
        self.council_gates_: dict[str, float] = {}
        self.n_train_ = len(texts)
        return self

    # -- prediction --------------------------------------------------------------
    @property
    def theme_ids(self) -> list[str]:
        return self.codebook.theme_ids

    def predict_proba(self, texts: Sequence[str], *, batch_size: int = 2000) -> np.ndarray:
        """Per-theme probabilities, shape (n, themes); blank texts get all zeros.

        Texts are featurised ``batch_size`` at a time so that memory stays flat
        however many answers a survey or an archive has.
        """
        texts = _as_texts(texts)
        proba = np.zeros((len(texts), len(self.theme_ids)), dtype=np.float64)
        filled = np.flatnonzero([bool(t.strip()) for t in texts])
        for start in range(0, len(filled), batch_size):
            rows = filled[start : start + batch_size]
            proba[rows] = self.pipeline_.predict_proba([texts[i] for i in rows])
        return proba

    def predict(
        self, texts: Sequence[str], respondents: Sequence[object] | None = None
    ) -> np.ndarray:
        """0/1 matrix: a theme is coded when its probability reaches its threshold
        (and, with ``respondents``, when the council passes its gate: :meth:`decide`)."""
        return self.decide(self.predict_proba(texts), respondents)

    def decide(
        self, proba: np.ndarray, respondents: Sequence[object] | None = None
    ) -> np.ndarray:
        """Apply the per-theme thresholds to a probability matrix, and with
        ``respondents`` (one per row) the council gates too (:meth:`gate`)."""
        proba = np.asarray(proba)
        return self.gate((proba >= self.threshold_array).astype(np.int8), proba, respondents)

    def gate(
        self, codes: np.ndarray, proba: np.ndarray, respondents: Sequence[object] | None
    ) -> np.ndarray:
        """``codes`` with the council gates applied: a respondent with several answers
        keeps a theme only when its best answer clears the threshold by the theme's
        gate (:mod:`pipeline.classify.councils`), because counting a council on any one
        of six answers over-counts councils otherwise. Gates only remove codes."""
        if respondents is None or not self.gates.any():
            return codes
        margin = np.asarray(proba, dtype=float) - self.threshold_array
        return gate_codes(codes, margin, council_keys(respondents, len(codes)), self.gates)

    @property
    def threshold_array(self) -> np.ndarray:
        """The per-theme thresholds in theme order."""
        return np.array([self.thresholds_[t] for t in self.theme_ids])

    @property
    def gates(self) -> np.ndarray:
        """Council gate per theme, in theme order (zeros for a model without any)."""
        gates = getattr(self, "council_gates_", None) or {}
        return np.array([float(gates.get(t, 0.0)) for t in self.theme_ids])


def choose_threshold(y: np.ndarray, p: np.ndarray, grid: np.ndarray = THRESHOLD_GRID) -> float:
    """The threshold in ``grid`` that maximises F1 of ``p >= t`` against ``y``.

    Among equally good thresholds the one nearest 0.5 wins, so a flat optimum
    does not push the decision to an extreme that only fits these folds.
    """
    y = np.asarray(y).astype(bool)
    if not y.any():
        return 0.5
    preds = np.asarray(p)[:, None] >= grid[None, :]
    tp = (preds & y[:, None]).sum(axis=0)
    fp = (preds & ~y[:, None]).sum(axis=0)
    fn = (~preds & y[:, None]).sum(axis=0)
    f1 = np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    best = np.flatnonzero(np.isclose(f1, f1.max()))
    return float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]])


def _as_texts(texts: Sequence[object]) -> list[str]:
    """Validate input once: a sequence of strings, None/NaN read as empty answers."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of texts, got a single string")
    out = []
    for t in texts:
        if t is None or (isinstance(t, float) and np.isnan(t)):
            out.append("")
        else:
            out.append(str(t))
    return out
