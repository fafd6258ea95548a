/* ftm-ext-gil: the same extension as ftm-ext-ft but WITHOUT the Py_mod_gil slot. A free-threaded CPython
 * therefore re-enables the GIL when it loads this module and says so with a RuntimeWarning. */
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

static PyModuleDef_Slot slots[] = {
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "ftm_ext_gil", "Test fixture: an extension that never declared Py_mod_gil.",
    0, methods, slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_ftm_ext_gil(void)
{
    return PyModuleDef_Init(&module);
}
