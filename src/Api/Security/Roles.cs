namespace ModelHub.Api.Security;

/// <summary><c>admin</c> changes ModelHub (register, sync, download, scan, cancel, retry, pin); <c>reader</c> only reads.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Reader = "reader";
}
