/* ftm-gil-abi-only: built against the GIL interpreter's headers only (a cp313-cp313 wheel, no sdist), like a
 * package that has not published free-threaded wheels: pip on a free-threaded interpreter finds nothing to install. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
add(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:add", &a, &b)) {
        return NULL;
    }
    return PyNumber_Add(a, b);
}

static PyMethodDef methods[] = {
    {"add", add, METH_VARARGS, "add(a, b) -> a + b"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "ftm_gil_abi_only", "Test fixture: an extension for the GIL ABI only.",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_ftm_gil_abi_only(void)
{
    return PyModule_Create(&module);
}
