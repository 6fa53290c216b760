namespace Personalization.Uplift;

/// <summary>
/// One row of a rule table for <see cref="OfferPolicy.ApplyRules"/>: assign <see cref="Arm"/> when its
/// effect beats that of <see cref="ComparedArm"/> by more than <see cref="MinimumLift"/>.
/// </summary>
/// <remarks>
/// Matches when τ<sub>Arm</sub>(x) − τ<sub>ComparedArm</sub>(x) &gt; MinimumLift, with τ<sub>0</sub> = 0 for control.
/// Example: "give 25% (arm 2) if its effect beats 20% (arm 1) by more than 0.01" is <c>new OfferRule(2, 1, 0.01)</c>.
/// </remarks>
/// <param name="Arm">The arm to assign, 1..m.</param>
/// <param name="ComparedArm">The arm it is compared with, 0..m (0 = control).</param>
/// <param name="MinimumLift">The effect difference the arm must exceed.</param>
public sealed record OfferRule(int Arm, int ComparedArm, double MinimumLift);
