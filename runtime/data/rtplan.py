"""The RT Plan of the user's walkthrough (`seed/rtplan-dump.txt`), built with the public API.

`build_rtplan()` makes, in memory, every element of the listing with its
nesting; printing it gives the listing line for line. The bundled sample file
`rtplan.dcm` is this dataset written by dicodec (`make sample`).
"""

from __future__ import annotations

from typing import Any

from dicodec.dataset import Dataset
from dicodec.uid import ExplicitVRLittleEndian, RTPlanStorage, RTStructureSetStorage
from dicodec.values.uid import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME


def _item(**elements: Any) -> Dataset:
    """A sequence item from keyword=value pairs, in the order given."""
    item = Dataset()
    for keyword, value in elements.items():
        setattr(item, keyword, value)
    return item


def build_rtplan() -> Dataset:
    """The walkthrough's RT Plan dataset, with File Meta Information."""
    ds = Dataset()
    ds.InstanceCreationDate = "20030903"
    ds.InstanceCreationTime = "150031"
    ds.SOPClassUID = RTPlanStorage
    ds.SOPInstanceUID = "1.2.777.777.77.7.7777.7777.20030903150023"
    ds.StudyDate = "20030716"
    ds.StudyTime = "153557"
    ds.AccessionNumber = ""
    ds.Modality = "RTPLAN"
    ds.Manufacturer = "Manufacturer name here"
    ds.InstitutionName = "Here"
    ds.ReferringPhysicianName = ""
    ds.StationName = "COMPUTER002"
    ds.InstitutionalDepartmentName = "Radiation Therap"
    ds.OperatorsName = "operator"
    ds.ManufacturerModelName = "Treatment Planning System name here"
    ds.PatientName = "Last^First^mid^pre"
    ds.PatientID = "id00001"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.SoftwareVersions = "softwareV1"
    ds.StudyInstanceUID = "1.22.333.4.555555.6.7777777777777777777777777777"
    ds.SeriesInstanceUID = "1.2.333.444.55.6.7777.8888"
    ds.StudyID = "study1"
    ds.SeriesNumber = "2"
    ds.RTPlanLabel = "Plan1"
    ds.RTPlanName = "Plan1"
    ds.RTPlanDate = "20030903"
    ds.RTPlanTime = "150023"
    ds.RTPlanGeometry = "PATIENT"
    ds.DoseReferenceSequence = [
        _item(
            DoseReferenceNumber="1",
            DoseReferenceStructureType="COORDINATES",
            DoseReferenceDescription="iso",
            DoseReferencePointCoordinates=[
                "239.531250000000",
                "239.531250000000",
                "-741.87000000000",
            ],
            DoseReferenceType="ORGAN_AT_RISK",
            DeliveryMaximumDose="75.0000000000000",
            OrganAtRiskMaximumDose="75.0000000000000",
        ),
        _item(
            DoseReferenceNumber="2",
            DoseReferenceStructureType="COORDINATES",
            DoseReferenceDescription="PTV",
            DoseReferencePointCoordinates=[
                "239.531250000000",
                "239.531250000000",
                "-751.87000000000",
            ],
            DoseReferenceType="TARGET",
            TargetPrescriptionDose="30.8262030000000",
        ),
    ]
    ds.FractionGroupSequence = [
        _item(
            FractionGroupNumber="1",
            NumberOfFractionsPlanned="30",
            NumberOfBeams="1",
            NumberOfBrachyApplicationSetups="0",
            ReferencedBeamSequence=[
                _item(
                    BeamDoseSpecificationPoint=[
                        "239.531250000000",
                        "239.531250000000",
                        "-751.87000000000",
                    ],
                    BeamDose="1.02754010000000",
                    BeamMeterset="116.003669700000",
                    ReferencedBeamNumber="1",
                ),
            ],
        ),
    ]
    ds.BeamSequence = [
        _item(
            Manufacturer="Linac co.",
            InstitutionName="Here",
            InstitutionalDepartmentName="Radiation Therap",
            ManufacturerModelName="Zapper9000",
            DeviceSerialNumber="9999",
            TreatmentMachineName="unit001",
            PrimaryDosimeterUnit="MU",
            SourceAxisDistance="1000.00000000000",
            BeamLimitingDeviceSequence=[
                _item(
                    RTBeamLimitingDeviceType="X",
                    NumberOfLeafJawPairs="1",
                ),
                _item(
                    RTBeamLimitingDeviceType="Y",
                    NumberOfLeafJawPairs="1",
                ),
            ],
            BeamNumber="1",
            BeamName="Field 1",
            BeamType="STATIC",
            RadiationType="PHOTON",
            TreatmentDeliveryType="TREATMENT",
            NumberOfWedges="0",
            NumberOfCompensators="0",
            NumberOfBoli="0",
            NumberOfBlocks="0",
            FinalCumulativeMetersetWeight="1.00000000000000",
            NumberOfControlPoints="2",
            ControlPointSequence=[
                _item(
                    ControlPointIndex="0",
                    NominalBeamEnergy="6.00000000000000",
                    DoseRateSet="650.000000000000",
                    BeamLimitingDevicePositionSequence=[
                        _item(
                            RTBeamLimitingDeviceType="X",
                            LeafJawPositions=["-100.00000000000", "100.000000000000"],
                        ),
                        _item(
                            RTBeamLimitingDeviceType="Y",
                            LeafJawPositions=["-100.00000000000", "100.000000000000"],
                        ),
                    ],
                    GantryAngle="0.0",
                    GantryRotationDirection="NONE",
                    BeamLimitingDeviceAngle="0.0",
                    BeamLimitingDeviceRotationDirection="NONE",
                    PatientSupportAngle="0.0",
                    PatientSupportRotationDirection="NONE",
                    TableTopEccentricAngle="0.0",
                    TableTopEccentricRotationDirection="NONE",
                    TableTopVerticalPosition=None,
                    TableTopLongitudinalPosition=None,
                    TableTopLateralPosition=None,
                    IsocenterPosition=["235.711172833292", "244.135437110782", "-724.97815409918"],
                    SourceToSurfaceDistance="898.429664831309",
                    CumulativeMetersetWeight="0.0",
                    ReferencedDoseReferenceSequence=[
                        _item(
                            CumulativeDoseReferenceCoefficient="0.0",
                            ReferencedDoseReferenceNumber="1",
                        ),
                        _item(
                            CumulativeDoseReferenceCoefficient="0.0",
                            ReferencedDoseReferenceNumber="2",
                        ),
                    ],
                ),
                _item(
                    ControlPointIndex="1",
                    CumulativeMetersetWeight="1.00000000000000",
                    ReferencedDoseReferenceSequence=[
                        _item(
                            CumulativeDoseReferenceCoefficient="9.9902680e-1",
                            ReferencedDoseReferenceNumber="1",
                        ),
                        _item(
                            CumulativeDoseReferenceCoefficient="1.00000000000000",
                            ReferencedDoseReferenceNumber="2",
                        ),
                    ],
                ),
            ],
            ReferencedPatientSetupNumber="1",
        ),
    ]
    ds.PatientSetupSequence = [
        _item(
            PatientPosition="HFS",
            PatientSetupNumber="1",
            SetupTechniqueDescription="",
        ),
    ]
    ds.ReferencedRTPlanSequence = [
        _item(
            ReferencedSOPClassUID=RTPlanStorage,
            ReferencedSOPInstanceUID="1.9.999.999.99.9.9999.9999.20030903145128",
            RTPlanRelationship="PREDECESSOR",
        ),
    ]
    ds.ReferencedStructureSetSequence = [
        _item(
            ReferencedSOPClassUID=RTStructureSetStorage,
            ReferencedSOPInstanceUID="1.2.333.444.55.6.7777.88888",
        ),
    ]
    ds.ApprovalStatus = "UNAPPROVED"
    meta = ds.file_meta
    meta.FileMetaInformationVersion = b"\x00\x01"
    meta.MediaStorageSOPClassUID = ds.SOPClassUID
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
    meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    ds.preamble = b"\x00" * 128
    return ds
