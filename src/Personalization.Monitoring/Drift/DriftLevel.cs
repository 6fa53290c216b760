namespace Personalization.Monitoring;

/// <summary>How much a feature, a segmentation or a whole window has drifted.</summary>
public enum DriftLevel
{
    /// <summary>No action needed.</summary>
    Stable = 0,

    /// <summary>A moderate shift: watch it, consider a refresh.</summary>
    Moderate = 1,

    /// <summary>A significant shift: refresh the segmentation and review the features.</summary>
    Significant = 2,
}
