namespace ModelHub.ServiceDefaults.Caching;

/// <summary>A lock was lost while its holder worked under it: the work stopped, and may be tried again.</summary>
public sealed class LockLostException(string name)
    : Exception($"the lock {name} was lost while held (its PostgreSQL connection died); the work under it stopped and can be tried again");
