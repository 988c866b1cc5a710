"""Which BLAS kernel numpy runs here: threadpoolctl's answer if it is importable and knows the library,
else OpenBLAS's own get_corename (through ctypes on numpy's bundled library), else None."""
import ctypes
import glob
import os


def blas_info():
    try:
        import numpy  # noqa: F401  (threadpoolctl only lists libraries already loaded)
        from threadpoolctl import threadpool_info

        blas = [i for i in threadpool_info() if i.get('user_api') == 'blas']
        if blas:
            b = blas[0]
            return {'source': 'threadpoolctl', 'library': b.get('internal_api'), 'version': b.get('version'),
                    'kernel': b.get('architecture'), 'threads': b.get('num_threads')}
    except ImportError:
        pass
    try:
        import numpy
        libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__), '..', 'numpy.libs', '*openblas*'))
        for path in libs:
            lib = ctypes.CDLL(path)
            for prefix in ('scipy_openblas_', 'openblas_'):
                for suffix in ('64_', ''):
                    core = getattr(lib, f'{prefix}get_corename{suffix}', None)
                    if core is None:
                        continue
                    core.restype = ctypes.c_char_p
                    config = getattr(lib, f'{prefix}get_config{suffix}')
                    config.restype = ctypes.c_char_p
                    threads = getattr(lib, f'{prefix}get_num_threads{suffix}')
                    return {'source': 'openblas get_corename (threadpoolctl not importable or blind to this library)',
                            'library': 'openblas', 'version': config().decode().split()[1], 'kernel': core().decode(),
                            'threads': threads()}
    except (OSError, AttributeError, IndexError):
        pass
    return None
