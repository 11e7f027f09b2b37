"""rusttorch: a CPU tensor library in Rust with a PyTorch-shaped API.

>>> import rusttorch as rt
>>> t = rt.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> t.shape
(2, 2)

Everything public of the native module ``rusttorch._rusttorch`` is re-exported here.
Note that the dtype aliases ``rt.float``, ``rt.int`` and ``rt.bool`` (as in PyTorch)
shadow the builtins inside this package's namespace, so code in this file that needs the
builtins uses ``builtins.float`` and friends.
"""

from . import _rusttorch
from ._rusttorch import *  # noqa: F401,F403
from ._rusttorch import __version__, _dtype_from_name  # noqa: F401
from ._autograd import no_grad, enable_grad, set_grad_enabled, is_grad_enabled  # noqa: F401
from . import nn, optim  # noqa: E402,F401
