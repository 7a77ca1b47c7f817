/*
 * nlptk._sigbus — one `Error:` line, not a silent death, when a file nlptk has mapped is
 * truncated under it.
 *
 * A read through a mapping of a file that another program truncated raises SIGBUS; its
 * default action kills the process with no message (exit 135) and stdout stops mid-stream.
 * No Python-level handler can help: the fault is synchronous, in C code, and returning from
 * a handler re-runs the faulting read. So this module keeps a table of the mapped regions
 * (nlptk._mapped registers each mapping with a message naming its file, preformatted) and a
 * SIGBUS handler that, for a fault inside one of them, writes that message to stderr and
 * calls _exit(1): write and _exit are async-signal-safe, and nothing else is called. A fault
 * elsewhere goes to the disposition that was there before (faulthandler's, or the default),
 * by restoring it and returning, so the read faults again under it.
 *
 * The table is written with the GIL held and read by the handler: a slot's message and
 * length are stored before its start address (release), and the handler reads the start
 * first (acquire), so it never sees a half-written slot.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 256 /* mappings alive at once; more are simply not reported */

typedef struct {
    uintptr_t start; /* 0: free */
    size_t len;
    char *msg; /* owned; freed by unwatch */
    size_t msg_len;
} Region;

static Region regions[SLOTS];
static struct sigaction previous;
static int installed;

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    uintptr_t addr = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = __atomic_load_n(&regions[i].start, __ATOMIC_ACQUIRE);
        if (start && addr - start < regions[i].len) {
            ssize_t unused = write(2, regions[i].msg, regions[i].msg_len);
            (void)unused;
            _exit(1);
        }
    }
    /* Not ours: the earlier disposition handles the fault when the read runs again. */
    sigaction(sig, &previous, NULL);
    if (info->si_code <= 0) /* sent by kill(), not a fault: nothing re-runs */
        raise(sig);
}

static PyObject *sigbus_install(PyObject *self, PyObject *Py_UNUSED(args))
{
    if (!installed) {
        struct sigaction act;
        memset(&act, 0, sizeof act);
        act.sa_sigaction = on_sigbus;
        act.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&act.sa_mask);
        if (sigaction(SIGBUS, &act, &previous) < 0)
            return PyErr_SetFromErrno(PyExc_OSError);
        installed = 1;
    }
    Py_RETURN_NONE;
}

static PyObject *sigbus_watch(PyObject *self, PyObject *args)
{
    PyObject *buffer;
    const char *msg;
    Py_ssize_t msg_len;
    if (!PyArg_ParseTuple(args, "Oy#", &buffer, &msg, &msg_len))
        return NULL;
    Py_buffer view;
    if (PyObject_GetBuffer(buffer, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    uintptr_t start = (uintptr_t)view.buf;
    size_t len = (size_t)view.len;
    PyBuffer_Release(&view); /* the address outlives the view: the caller keeps the map */
    if (!start || !len)
        return PyLong_FromLong(-1);
    for (int i = 0; i < SLOTS; i++) {
        if (__atomic_load_n(&regions[i].start, __ATOMIC_RELAXED))
            continue;
        char *copy = PyMem_RawMalloc((size_t)msg_len);
        if (!copy)
            return PyErr_NoMemory();
        memcpy(copy, msg, (size_t)msg_len);
        regions[i].msg = copy;
        regions[i].msg_len = (size_t)msg_len;
        regions[i].len = len;
        __atomic_store_n(&regions[i].start, start, __ATOMIC_RELEASE);
        return PyLong_FromLong(i);
    }
    return PyLong_FromLong(-1); /* full: this mapping goes unreported */
}

static PyObject *sigbus_unwatch(PyObject *self, PyObject *args)
{
    int i;
    if (!PyArg_ParseTuple(args, "i", &i))
        return NULL;
    if (i >= 0 && i < SLOTS && regions[i].start) {
        /* called once the mapping is gone (nlptk._mapped's finaliser), so no read of it
         * can fault while its message is freed */
        __atomic_store_n(&regions[i].start, 0, __ATOMIC_RELEASE);
        PyMem_RawFree(regions[i].msg);
        regions[i].msg = NULL;
        regions[i].len = 0;
    }
    Py_RETURN_NONE;
}

static PyMethodDef sigbus_methods[] = {
    {"install", sigbus_install, METH_NOARGS,
     "install(): report a SIGBUS inside a watched region (one message, exit status 1)."},
    {"watch", sigbus_watch, METH_VARARGS,
     "watch(buffer, message: bytes) -> int: the slot of the buffer's memory (-1: none free)."},
    {"unwatch", sigbus_unwatch, METH_VARARGS, "unwatch(slot): forget a region (unmapped)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef sigbus_module = {
    PyModuleDef_HEAD_INIT,
    "nlptk._c._sigbus",
    "SIGBUS inside a mapped file reported as one error line (see nlptk._mapped).",
    -1,
    sigbus_methods,
};

PyMODINIT_FUNC PyInit__sigbus(void) { return PyModule_Create(&sigbus_module); }
