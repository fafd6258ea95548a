/* ftm-ext-ft: a C extension that declares it runs without the GIL, so importing it on a free-threaded
 * interpreter keeps the GIL off. The slot exists only in free-threaded builds' headers, hence the guard. */
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
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "ftm_ext_ft", "Test fixture: an extension declared free-threading safe.",
    0, methods, slots, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_ftm_ext_ft(void)
{
    return PyModuleDef_Init(&module);
}
