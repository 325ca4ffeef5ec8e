using System.Globalization;
using CloudStatus.Core.Model;

namespace CloudStatus.Convergence.Tests.History;

/// <summary>
/// The producers of a history's server: p0 and p1 are switches under the server (their health changes are async, they
/// must keep reporting), p2…p5 devices, the even ones under p0 and the odd ones under p1 (their changes wait for the period).
/// </summary>
public static class Producers
{
    public const int Count = 6;
    public const string ServerId = "srv-c";
    public const string TenantId = "tenant-c";
    public const string SiteId = "site-c";

    public static string Id(int index) => string.Create(CultureInfo.InvariantCulture, $"{ServerId}.p{index}");

    public static string Kind(int index) => index < 2 ? ProducerKind.Switch : ProducerKind.Device;

    public static string Parent(int index) => index < 2 ? ServerId : Id(index % 2);
}
