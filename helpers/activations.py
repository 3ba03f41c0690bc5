"""Chapter 1: activation functions, softmax, log-softmax and cross-entropy, from their formulas.

Every function takes a floating-point tensor of any shape and works element-wise, except
softmax / log-softmax (normalise along one dimension) and cross-entropy (logits + targets).
They are written from the formulas, not by calling `torch.relu` & co., and the tests check
them against PyTorch's versions.

Not handled here: complex numbers, in-place variants, `reduction=` options other than the
mean for cross-entropy, label smoothing, and class weights. Use `torch.nn.functional` for
those once the chapter has shown how they work.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

import torch

Activation = Callable[[torch.Tensor], torch.Tensor]


# ---------------------------------------------------------------------------------------------
# Input checks shared by every function: a clear error instead of a NaN or a deep traceback.
# ---------------------------------------------------------------------------------------------

def _check_floats(x: object, name: str, fn: str) -> torch.Tensor:
    """`x` must be a non-empty floating-point tensor."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{fn}: {name} must be a torch.Tensor, got {type(x).__name__}; "
                        f"wrap it with torch.tensor(...)")
    if not x.is_floating_point():
        raise TypeError(f"{fn}: {name} must hold floating-point numbers, got dtype {x.dtype}; "
                        f"convert it with {name}.float()")
    if x.numel() == 0:
        raise ValueError(f"{fn}: {name} is empty (shape {tuple(x.shape)}); "
                         f"expected at least one number")
    return x


def _check_dim(x: torch.Tensor, dim: int, fn: str) -> int:
    """`dim` must name an existing dimension of `x`; returns it as a non-negative index."""
    if isinstance(dim, bool) or not isinstance(dim, int):
        raise TypeError(f"{fn}: dim must be an int, got {type(dim).__name__}")
    rank = max(x.dim(), 1)
    if not -rank <= dim < rank:
        raise ValueError(f"{fn}: dim={dim} is out of range for a tensor with {x.dim()} "
                         f"dimension(s) (shape {tuple(x.shape)}); expected {-rank}..{rank - 1}")
    return dim % rank


def _check_temperature(temperature: float, fn: str) -> float:
    if isinstance(temperature, torch.Tensor) and temperature.numel() == 1:
        temperature = temperature.item()  # a 0-d tensor, e.g. a learned temperature
    if isinstance(temperature, bool) or not isinstance(temperature, numbers.Real):
        raise TypeError(f"{fn}: temperature must be a number, got {type(temperature).__name__}")
    if not (temperature > 0 and math.isfinite(temperature)):
        raise ValueError(f"{fn}: temperature must be a positive finite number, got "
                         f"{temperature}; use a small value like 0.1 for nearly greedy choices")
    return float(temperature)


# ---------------------------------------------------------------------------------------------
# Activations (element-wise; the output has the shape of the input)
# ---------------------------------------------------------------------------------------------

def relu(x: torch.Tensor) -> torch.Tensor:
    """max(0, x): passes positives through, zeroes negatives. Used in hidden layers."""
    x = _check_floats(x, "x", "relu")
    # NaN stays NaN and the slope at exactly 0 is 0, both as in torch.relu.
    return torch.where(x > 0, x, torch.where(x.isnan(), x, torch.zeros_like(x)))


def sigmoid(x: torch.Tensor) -> torch.Tensor:
    """1 / (1 + e^-x): squashes any number into (0, 1). Used for yes/no outputs.

    Computed as 1 / (1 + e^-x) for x >= 0 and as the equal e^x / (1 + e^x) for x < 0, so no
    exponential ever overflows. The plain formula gives the right value at x = -1000
    (1 / inf = 0) but its gradient there is inf / inf = NaN. The clamps keep the branch that
    `where` discards finite too, since autograd differentiates both branches.
    """
    x = _check_floats(x, "x", "sigmoid")
    positive = 1.0 / (1.0 + torch.exp(-x.clamp(min=0)))
    e = torch.exp(x.clamp(max=0))
    return torch.where(x >= 0, positive, e / (1.0 + e))


def tanh(x: torch.Tensor) -> torch.Tensor:
    """(e^x - e^-x) / (e^x + e^-x), squashing into (-1, 1), centred on 0.

    Computed as 2 * sigmoid(2x) - 1 (the same function): the textbook ratio is inf / inf = NaN
    once e^x overflows, around x = 89 in float32.
    """
    x = _check_floats(x, "x", "tanh")
    return 2.0 * sigmoid(2.0 * x) - 1.0


def gelu(x: torch.Tensor, approximate: str = "none") -> torch.Tensor:
    """x * Phi(x), Phi the standard normal CDF: a smooth ReLU, used in GPT's feed-forward layers.

    approximate="none":  0.5 x (1 + erf(x / sqrt 2))                       (exact)
    approximate="tanh":  0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))  (GPT-2's version)
    """
    x = _check_floats(x, "x", "gelu")
    if approximate == "none":
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + tanh(inner))
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def gelu_tanh(x: torch.Tensor) -> torch.Tensor:
    """GELU with GPT-2's tanh approximation: `gelu(x, approximate="tanh")`."""
    return gelu(x, approximate="tanh")


# The activations the chapter compares, by the name the widget and the notebook show.
ACTIVATIONS: dict[str, Activation] = {
    "relu": relu,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "gelu": gelu,
    "gelu (tanh approx.)": gelu_tanh,
}


def derivative(fn: Activation, x: torch.Tensor) -> torch.Tensor:
    """d fn(x) / dx at every point of `x`, by autograd (element-wise functions only).

    x: (n,) -> (n,). Because each output depends only on its own input, the gradient of
    sum(fn(x)) with respect to x is exactly the element-wise derivative.
    """
    x = _check_floats(x, "x", "derivative").detach().clone().requires_grad_(True)
    with torch.enable_grad():  # also when called under torch.no_grad(), e.g. while plotting
        fn(x).sum().backward()
    assert x.grad is not None
    return x.grad


# ---------------------------------------------------------------------------------------------
# Softmax family (normalise along one dimension)
# ---------------------------------------------------------------------------------------------

def softmax(x: torch.Tensor, dim: int = -1, temperature: float = 1.0) -> torch.Tensor:
    """Turn scores ("logits") into probabilities along `dim`: e^(x_i/T) / sum_j e^(x_j/T).

    x: any shape, e.g. (batch, n_classes) -> same shape; every slice along `dim` sums to 1.
    Subtracting the largest logit first changes nothing mathematically (it cancels in the
    ratio) but keeps e^x from overflowing: logits like 1000 give inf / inf = NaN without it.
    temperature < 1 sharpens the distribution towards the argmax, > 1 flattens it.
    The max is subtracted *before* dividing by T, so even T = 1e-40 cannot overflow.
    """
    x = _check_floats(x, "x", "softmax")
    dim = _check_dim(x, dim, "softmax")
    t = _check_temperature(temperature, "softmax")
    z = (x - x.amax(dim=dim, keepdim=True)) / t  # largest entry becomes 0, so e^z <= 1
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)


def log_softmax(x: torch.Tensor, dim: int = -1, temperature: float = 1.0) -> torch.Tensor:
    """log(softmax(x)), computed without ever taking the log of a tiny probability.

    x: any shape -> same shape. log(e^z_i / sum_j e^z_j) = z_i - log(sum_j e^z_j), with the max
    subtracted first (the "log-sum-exp trick"): finite even where softmax rounds to 0.
    """
    x = _check_floats(x, "x", "log_softmax")
    dim = _check_dim(x, dim, "log_softmax")
    t = _check_temperature(temperature, "log_softmax")
    z = (x - x.amax(dim=dim, keepdim=True)) / t
    return z - torch.log(torch.exp(z).sum(dim=dim, keepdim=True))


def cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean of -log p(correct class): the loss every classifier and language model minimises.

    logits: (..., n_classes) floats; targets: (...) integer class indices in [0, n_classes).
    Returns a scalar. For n equally likely classes it is ln(n), e.g. ln(50257) = 10.82 for an
    untrained GPT-2-sized vocabulary.
    """
    logits = _check_floats(logits, "logits", "cross_entropy")
    if not isinstance(targets, torch.Tensor):
        raise TypeError(f"cross_entropy: targets must be a torch.Tensor of class indices, "
                        f"got {type(targets).__name__}")
    if targets.is_floating_point() or targets.dtype == torch.bool:
        raise TypeError(f"cross_entropy: targets must be integer class indices, got dtype "
                        f"{targets.dtype}; convert with targets.long()")
    if logits.dim() == 0 or tuple(targets.shape) != tuple(logits.shape[:-1]):
        raise ValueError(f"cross_entropy: logits of shape (..., n_classes) need targets of "
                         f"shape (...); got logits {tuple(logits.shape)} and targets "
                         f"{tuple(targets.shape)}, expected targets {tuple(logits.shape[:-1])}")
    n_classes = logits.shape[-1]
    bad = (targets < 0) | (targets >= n_classes)
    if bad.any():
        where = tuple(bad.nonzero()[0].tolist())
        raise ValueError(f"cross_entropy: target {targets[where].item()} at index {list(where)} "
                         f"is not a class index; expected 0..{n_classes - 1}")
    log_probs = log_softmax(logits, dim=-1)                              # (..., n_classes)
    picked = log_probs.gather(-1, targets.long().unsqueeze(-1)).squeeze(-1)  # (...)
    return -picked.mean()


def entropy_bits(probs: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """Shannon entropy -sum p log2 p along `dim`, in bits (0 log 0 counted as 0).

    probs: (..., n) -> (...). 0 bits: certain; log2(n) bits: all n outcomes equally likely.
    """
    probs = _check_floats(probs, "probs", "entropy_bits")
    dim = _check_dim(probs, dim, "entropy_bits")
    terms = torch.where(probs > 0, probs * torch.log2(probs), torch.zeros_like(probs))
    return -terms.sum(dim=dim)
