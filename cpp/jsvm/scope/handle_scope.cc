// Handle scopes and escapable handle scopes.
#include "common/internal.h"

#include <memory>
#include <new>

namespace jsvm {
namespace {

// A scope opened on a thread where its VM is not entered enters it (as the
// device lets it), until the scope closes.
std::unique_ptr<IsolateEntry> EntryIfNeeded(v8::Isolate* isolate, bool needed) {
  return needed ? std::make_unique<IsolateEntry>(isolate) : nullptr;
}

struct HandleScope {
  HandleScope(v8::Isolate* isolate, bool, bool enter) : entry(EntryIfNeeded(isolate, enter)), scope(isolate) {}
  std::unique_ptr<IsolateEntry> entry;  // constructed first, destroyed last
  v8::HandleScope scope;
};

// V8 makes an escapable scope's escape slot in the scope around it: opened
// with none around (a VM scope alone), it brings an outer scope of its own.
class OuterScope {
 public:
  OuterScope(v8::Isolate* isolate, bool needed) : active_(needed) {
    if (needed) ::new (static_cast<void*>(storage_)) v8::HandleScope(isolate);
  }
  ~OuterScope() {
    if (active_) reinterpret_cast<v8::HandleScope*>(storage_)->~HandleScope();
  }
  OuterScope(const OuterScope&) = delete;
  OuterScope& operator=(const OuterScope&) = delete;

 private:
  alignas(v8::HandleScope) unsigned char storage_[sizeof(v8::HandleScope)];
  bool active_;
};

struct EscapableHandleScope {
  EscapableHandleScope(v8::Isolate* isolate, bool needs_outer, bool enter)
      : entry(EntryIfNeeded(isolate, enter)), outer(isolate, needs_outer), scope(isolate) {}
  std::unique_ptr<IsolateEntry> entry;  // constructed first, destroyed last
  OuterScope outer;
  v8::EscapableHandleScope scope;
  bool escaped = false;
};

static_assert(sizeof(HandleScope) <= kScopeSlotSize && sizeof(EscapableHandleScope) <= kScopeSlotSize,
              "scope slots must hold either kind of scope");

template <typename Scope>
void DestroyScope(JSVM_VM vm, void* scope) {
  static_cast<Scope*>(scope)->~Scope();
  vm->free_scope_slots.push_back(scope);  // capacity reserved when the slot was made
}

// The caller's entry checked the env (JSVM_ENTRY_SCOPE).
template <typename Scope>
JSVM_Status Open(JSVM_Env env, ScopeKind kind, Scope** result) {
  {
    JSVM_VM vm = env->vm;
    bool enter = NeedsImplicitEntry(env->isolate);
    // No scope of ours, no callback's, no V8 frame: nothing holds handles yet
    // (only an escapable scope needs to know).
    bool bare = kind == ScopeKind::kEscapable && vm->scopes.empty() && vm->callback_depth == 0;
    void* slot;
    if (!vm->free_scope_slots.empty()) {
      slot = vm->free_scope_slots.back();
      vm->free_scope_slots.pop_back();
    } else {
      // Reserve first: returning the slot later must not allocate.
      vm->free_scope_slots.reserve(vm->scopes.size() + vm->free_scope_slots.size() + 1);
      slot = ::operator new(kScopeSlotSize);
    }
    try {
      // Filled in place: building the record on the stack and copying it in
      // stalls on the 16-byte reload.
      ScopeRecord& record = EmplaceScope(vm);
      record.scope = slot;
      record.kind = kind;
      record.holds_entry = enter;
      record.destroy = &DestroyScope<Scope>;
    } catch (...) {
      ::operator delete(slot);
      throw;
    }
    ForgetAddressReused(vm, slot);
    Scope* scope;
    try {
      scope = new (slot) Scope(env->isolate, bare, enter);
    } catch (...) {
      PopScope(vm);
      vm->free_scope_slots.push_back(slot);
      throw;
    }
    *result = scope;
    return ClearLastError(env);
  }
}

// Closing a scope that is not the innermost closes those opened inside it too.
template <typename Scope>
JSVM_Status Close(JSVM_Env env, ScopeKind kind, void* scope) {
  JSVM_VM vm = env->vm;
  auto& scopes = vm->scopes;
  if (__builtin_expect(!scopes.empty() && scopes.back().scope == scope && scopes.back().kind == kind &&
                           !scopes.back().holds_entry && scopes.size() > vm->callback_scope_base,
                       1)) {
    PopScope(vm);
    DestroyScope<Scope>(vm, scope);
    return ClearLastError(env);
  }
  if (ForgetScopeClosedEarly(vm, scope)) return ClearLastError(env);
  long at = FindScope(vm, scope);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, at >= 0 && scopes[at].kind == kind, JSVM_HANDLE_SCOPE_MISMATCH,
                                  kind == ScopeKind::kHandle ? "this is not an open handle scope of the env's VM"
                                                             : "this is not an open escapable handle scope of the env's VM");
  JSVM_RETURN_IF_NOT_OK(CheckCanCloseScopesFrom(env, static_cast<size_t>(at)));
  CloseScopesFrom(vm, static_cast<size_t>(at), scope);
  return ClearLastError(env);
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_OpenHandleScope(JSVM_Env env, JSVM_HandleScope* result) try {
  JSVM_ENTRY_SCOPE(env, result);
  return jsvm::Open(env, jsvm::ScopeKind::kHandle, reinterpret_cast<jsvm::HandleScope**>(result));
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CloseHandleScope(JSVM_Env env, JSVM_HandleScope scope) try {
  JSVM_ENTRY_ENV(env, scope);
  return jsvm::Close<jsvm::HandleScope>(env, jsvm::ScopeKind::kHandle, scope);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_OpenEscapableHandleScope(JSVM_Env env, JSVM_EscapableHandleScope* result) try {
  JSVM_ENTRY_SCOPE(env, result);
  return jsvm::Open(env, jsvm::ScopeKind::kEscapable, reinterpret_cast<jsvm::EscapableHandleScope**>(result));
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CloseEscapableHandleScope(JSVM_Env env, JSVM_EscapableHandleScope scope) try {
  JSVM_ENTRY_ENV(env, scope);
  return jsvm::Close<jsvm::EscapableHandleScope>(env, jsvm::ScopeKind::kEscapable, scope);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_EscapeHandle(JSVM_Env env, JSVM_EscapableHandleScope scope, JSVM_Value escapee,
                                 JSVM_Value* result) try {
  JSVM_ENTRY_ENV(env, scope, escapee, result);
  auto* s = reinterpret_cast<jsvm::EscapableHandleScope*>(scope);
  // Only an open escapable scope of the VM is read as one: a plain handle
  // scope's slot holds no escape slot, and an env scope is a smaller object.
  bool open = false;
  for (const jsvm::ScopeRecord& record : env->vm->scopes) {
    open = open || (record.scope == s && record.kind == jsvm::ScopeKind::kEscapable);
  }
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, open, JSVM_HANDLE_SCOPE_MISMATCH,
                                  "the scope is not open, or not an escapable handle scope "
                                  "(OH_JSVM_OpenEscapableHandleScope) of the env's VM");
  JSVM_RETURN_STATUS_IF_FALSE(env, !s->escaped, JSVM_ESCAPE_CALLED_TWICE);
  s->escaped = true;
  *result = jsvm::ToJSVM(s->scope.Escape(jsvm::ToV8(escapee)));
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)
